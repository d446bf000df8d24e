"""`rapport graph`: the graph index for operators.

    rapport graph stats                       members, connections, degrees, memory
    rapport graph load EDGES.csv [--create-missing]
    rapport graph compact [--rebuild]         fold the change log into a new snapshot
                                              (and compile the query kernels: run after deploy)
    rapport graph query < questions.jsonl     one JSON answer per line, in order

`query` answers as an operator: privacy hides nobody. Each input line is one JSON
object (see `QUESTIONS`); a line it cannot answer gets `{"error": code, "message": …}`
and the command carries on.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from rapport.accounts.models import User
from rapport.network import graph
from rapport.network.graph.graph_index import GraphIndex, warm_up
from rapport.network.loading import UNKNOWN_SHOWN, connections_load
from rapport.network.services import connections_changed_in_bulk

MAX_K = 1_000


class QueryError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Handles:
    """Handle ↔ member id for the query command, remembered across lines."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.names: dict[int, str] = {}

    def id(self, question: dict[str, Any], key: str) -> int:
        value = question.get(key)
        if not isinstance(value, str) or not value:
            raise QueryError("query.malformed", f'"{key}" must be a member\'s handle.')
        return self.ids_of([value])[0]

    def ids_of(self, handles: list[str]) -> list[int]:
        wanted = {h.lower() for h in handles} - self.ids.keys()
        if wanted:
            for pk, handle in User.objects.filter(handle__in=wanted).values_list("pk", "handle"):
                self.ids[handle] = pk
                self.names[pk] = handle
        for h in handles:
            if h.lower() not in self.ids:
                raise QueryError("member.not_found", f"No member has the handle {h!r}.")
        return [self.ids[h.lower()] for h in handles]

    def handles_of(self, ids: list[int]) -> list[str]:
        wanted = set(ids) - self.names.keys()
        if wanted:
            for pk, handle in User.objects.filter(pk__in=wanted).values_list("pk", "handle"):
                self.ids[handle] = pk
                self.names[pk] = handle
        return [self.names.get(i, f"#{i}") for i in ids]


def _k(question: dict[str, Any], default: int) -> int:
    k = question.get("k", default)
    if not isinstance(k, int) or isinstance(k, bool) or not 0 <= k <= MAX_K:
        raise QueryError("query.malformed", f'"k" must be a whole number from 0 to {MAX_K}.')
    return k


def _degree(g: GraphIndex, q: dict[str, Any], h: Handles) -> dict[str, Any]:
    viewer = h.id(q, "viewer")
    targets = q.get("targets")
    if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
        raise QueryError("query.malformed", '"targets" must be a list of handles.')
    return {"degrees": g.degrees(viewer, h.ids_of(targets))}


def _mutual(g: GraphIndex, q: dict[str, Any], h: Handles) -> dict[str, Any]:
    a, b = h.id(q, "a"), h.id(q, "b")
    ids = g.mutual_ids(a, b)
    return {"count": len(ids), "members": h.handles_of(ids)}


def _second_degree_size(g: GraphIndex, q: dict[str, Any], h: Handles) -> dict[str, Any]:
    return {"size": g.second_degree_size(h.id(q, "member"))}


def _pymk(g: GraphIndex, q: dict[str, Any], h: Handles) -> dict[str, Any]:
    found = g.suggestions(h.id(q, "member"), _k(q, 20))
    names = h.handles_of([m for m, _ in found])
    return {"members": [{"member": n, "mutual": c} for n, (_, c) in zip(names, found, strict=True)]}


def _paths(g: GraphIndex, q: dict[str, Any], h: Handles) -> dict[str, Any]:
    a, b = h.id(q, "a"), h.id(q, "b")
    return {"paths": [h.handles_of(p) for p in g.paths(a, b, _k(q, 3))]}


QUESTIONS: dict[str, Callable[[GraphIndex, dict[str, Any], Handles], dict[str, Any]]] = {
    "degree": _degree,
    "mutual": _mutual,
    "second_degree_size": _second_degree_size,
    "pymk": _pymk,
    "paths": _paths,
}


def answer(line: str, handles: Handles) -> dict[str, Any]:
    try:
        question = json.loads(line)
    except ValueError as exc:
        return {"error": "query.malformed", "message": f"Not JSON: {exc}."}
    if not isinstance(question, dict):
        return {"error": "query.malformed", "message": "Each line must be a JSON object."}
    op = question.get("op")
    if op not in QUESTIONS:
        return {
            "error": "query.unknown_op",
            "message": f"Unknown op {op!r}; use one of {', '.join(QUESTIONS)}.",
        }
    try:
        return QUESTIONS[op](graph.index(), question, handles)
    except QueryError as exc:
        return {"error": exc.code, "message": exc.message}


class Command(BaseCommand):
    help = "Inspect, load, compact and query the graph index."
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser("stats", help="Members, connections, degree distribution, memory.")
        load = actions.add_parser("load", help="Bulk-load connections from a CSV file.")
        load.add_argument("path", type=Path, help="Two member handles or emails per line.")
        load.add_argument(
            "--create-missing",
            action="store_true",
            help="Create members for unknown identifiers instead of skipping them.",
        )
        load.add_argument("--no-progress", action="store_true", help="No progress bar.")
        compact = actions.add_parser("compact", help="Write a new snapshot; prune the log.")
        compact.add_argument(
            "--rebuild", action="store_true", help="Read the connections table afresh."
        )
        actions.add_parser("query", help="Answer JSON-lines questions from standard input.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "stats":
            self.stdout.write(json.dumps(graph.index().stats(), indent=1))
        elif action == "compact":
            report = graph.compact(rebuild=options["rebuild"])
            # Also compiles the query kernels into numba's cache, for the processes to come.
            report["kernels_seconds"] = round(warm_up(), 2)
            self.stdout.write(json.dumps(report))
        elif action == "load":
            self._load(options["path"], options["create_missing"], not options["no_progress"])
        elif action == "query":
            self._query(options.get("stdin") or sys.stdin)

    def _load(self, path: Path, create_missing: bool, show_progress: bool) -> None:
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        started = time.monotonic()
        bar = tqdm(
            total=path.stat().st_size,
            unit="B",
            unit_scale=True,
            desc="loading",
            # The raw stream: Django's wrapper would end each redraw with a newline.
            file=self.stderr._out,
            disable=not show_progress,
            mininterval=0.5,
        )
        with bar, path.open(newline="", encoding="utf-8") as lines:
            report = connections_load(lines, create_missing=create_missing, progress=bar.update)
        for ident in sorted(report.unknown)[:UNKNOWN_SHOWN]:
            self.stderr.write(f"unknown member, skipped: {ident}")
        if len(report.unknown) > UNKNOWN_SHOWN:
            self.stderr.write(f"… and {len(report.unknown) - UNKNOWN_SHOWN} more unknown")
        # The rows bypassed the per-change log: mark the bulk change, then rebuild.
        connections_changed_in_bulk()
        compacted = graph.compact(rebuild=True)
        summary = {
            "lines": report.lines,
            "pairs": report.pairs,
            "added": report.added,
            "already_connected": report.pairs - report.added,
            "self_pairs_skipped": report.self_pairs,
            "malformed_lines": report.malformed,
            "unknown_skipped": len(report.unknown),
            "members_created": report.created,
            "connections": compacted["connections"],
            "seconds": round(time.monotonic() - started, 2),
        }
        self.stdout.write(json.dumps(summary))

    def _query(self, stdin: Any) -> None:
        handles = Handles()
        for line in stdin:
            if not line.strip():
                continue
            self.stdout.write(json.dumps(answer(line, handles)))
            self.stdout.flush()
