"""The note coach and the message guard: time per text, this tree against a reference
(issue 21's budget: ≤ 1 ms at the median). Prints one JSON line (the last).

    python -m bench.text_judgements                 this tree and the reference, side by side
    python -m bench.text_judgements --against REF   another reference commit

Every note of rapport/core/corpus/notes.jsonl (with its context) through `analyze_note`,
every message of messages.jsonl through `classify_message`, three passes in one process:
the first pass sees each text for the first time ("first sight": the word caches are
filling), the next two are "warm". Median and p95 of the per-text times of each.

The reference is, by default, the commit before the learned model came in (the parent
of the commit that added rapport/core/textmodel.py): the rules alone. It runs from a
temporary `git worktree` in its own process on the same texts, in the same run, so the
machine's mood of the moment weighs on both alike.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "rapport" / "core" / "corpus"
PASSES = 3
TARGET_US = 1000


def _figures(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "median_us": round(statistics.median(ordered), 1),
        "p95_us": round(ordered[int(len(ordered) * 0.95)], 1),
    }


def measure(notes: Path, messages: Path) -> dict[str, Any]:
    """Time the code importable as `rapport` (this tree, or the reference's)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from rapport.conversations.guard.classify import classify_message
    from rapport.invitations.coach.analysis import analyze_note
    from rapport.invitations.coach.evaluation import context_from

    note_rows = [json.loads(line) for line in notes.read_text().splitlines() if line.strip()]
    note_args = [(r["text"], context_from(r.get("context", {}))) for r in note_rows]
    texts = [json.loads(line)["text"] for line in messages.read_text().splitlines() if line]
    result: dict[str, Any] = {"notes": len(note_args), "messages": len(texts)}
    for name, run, items in (
        ("note", lambda a: analyze_note(*a), note_args),
        ("message", classify_message, texts),
    ):
        passes = []
        for _ in range(PASSES):
            times = []
            for item in items:
                began = time.perf_counter()
                run(item)
                times.append((time.perf_counter() - began) * 1e6)
            passes.append(times)
        result[name] = {
            "first_sight": _figures(passes[0]),
            "warm": _figures([t for times in passes[1:] for t in times]),
        }
    return result


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args],  # noqa: S607 — the developer's git, as `make bench` is run by hand
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout.strip()


def default_reference() -> str:
    added = _git("log", "--diff-filter=A", "--format=%H", "--", "rapport/core/textmodel.py")
    return f"{added.splitlines()[-1]}~1"


def _run(tree: Path, notes: Path, messages: Path) -> dict[str, Any]:
    out = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--measure",
            "--notes",
            str(notes),
            "--messages",
            str(messages),
        ],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def compare(reference: str) -> dict[str, Any]:
    """This tree and `reference`, one after the other, on this tree's corpus."""
    notes, messages = CORPUS / "notes.jsonl", CORPUS / "messages.jsonl"
    load = os.getloadavg()
    current = _run(ROOT, notes, messages)
    with tempfile.TemporaryDirectory() as scratch:
        tree = Path(scratch) / "reference"
        _git("worktree", "add", "--detach", str(tree), reference)
        try:
            before = _run(tree, notes, messages)
        finally:
            _git("worktree", "remove", "--force", str(tree))
    return {
        "reference": _git("rev-parse", "--short", reference),
        "current": current,
        "before": before,
        "load": " ".join(f"{x:.2f}" for x in load),
    }


def section(result: dict[str, Any], command: str, machine: str, date: str) -> str:
    cur, ref = result["current"], result["before"]
    lines = [
        "<!-- bench:text-judgements -->",
        "## Note coach and message guard: time per text (issue 21)",
        "",
        f"Command: `{command}` (`python -m bench.text_judgements`). Machine: {machine}. "
        f"Date: {date}. Load average at the start: {result['load']}.",
        f"Every labelled note ({cur['notes']:,}, with its context) through `analyze_note` and "
        f"every labelled message ({cur['messages']:,}) through `classify_message`, three "
        "passes in one process: the first sees each text for the first time, the other two "
        "are warm. The reference is the rules alone, "
        f"{result['reference']}, run from a git worktree in the same run on the same texts. "
        f"Target: ≤ {TARGET_US} µs at the median.",
        "",
        "| | rules alone, median µs | this tree, median µs | ratio | this tree, p95 µs |",
        "|---|---|---|---|---|",
    ]
    for name in ("note", "message"):
        for phase in ("first_sight", "warm"):
            now, then = cur[name][phase], ref[name][phase]
            lines.append(
                f"| {name}, {phase.replace('_', ' ')} | {then['median_us']:.0f} "
                f"| {now['median_us']:.0f} | {now['median_us'] / then['median_us']:.2f} "
                f"| {now['p95_us']:.0f} |"
            )
    met = [
        f"{name} {'met' if cur[name]['first_sight']['median_us'] <= TARGET_US else '**missed**'}"
        for name in ("note", "message")
    ]
    lines += ["", f"- Target at first sight: {', '.join(met)}.", "<!-- /bench:text-judgements -->"]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--notes", type=Path, default=CORPUS / "notes.jsonl")
    parser.add_argument("--messages", type=Path, default=CORPUS / "messages.jsonl")
    parser.add_argument("--against", default=None, help="Reference commit (the rules alone).")
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.notes, args.messages)))
        return
    print(json.dumps(compare(args.against or default_reference())))


if __name__ == "__main__":
    main()
