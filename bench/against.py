"""The send paths, the job queue and the main pages of this tree side by side with
another commit, in one run.

    python -m bench.against REF [--rounds 2] [--members 2000] [--sends 1000]
        [--only pages|serve]

Machines here are shared and noisy, so a figure is only worth its comparison with the
reference measured in the same run. The reference runs from a temporary `git worktree`
(its own code, this virtual environment); both trees use the same PostgreSQL database
(`PG_URL`, default `rapport_bench`) and the same demo community, loaded once by this
tree. Each round runs, for the reference and then for this tree: `bench.messages`;
the jobs those sends queued, drained by that tree's `rapport worker --batch` (its
start-up, timed on the empty queue straight after, taken off); `bench.invitations`;
and `bench.pages`. The benchmark files are this tree's, copied into the reference, so
both trees run the same benchmark code. Prints one JSON line: per tree, each stream's median
per run and the median of those, and the ratio reference / this tree (above 1: this
tree is faster).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import ROOT, git
from bench.__main__ import PG_URL, machine, pg_available, run

PAGES = (
    "home",
    "profile",
    "invitations",
    "messages",
    "search",
    "people you may know",
    "trust",
)
STREAMS: dict[str, tuple[str, ...]] = {
    "bench.messages": ("guarded", "unguarded"),
    "bench.invitations": ("send_later", "accept", "decline"),
    "bench.pages": PAGES,
}
# The parts that may be run alone (`--only`).
ONLY: dict[str, dict[str, tuple[str, ...]]] = {
    "pages": {"bench.pages": PAGES},
    "serve": {"bench.serve": ("send", "accept", "pages")},
}


def _run(tree: Path, module: str, members: int, sends: int) -> dict[str, Any]:
    args = ("--members", str(members), "--sends", str(sends), "--reuse")
    return run(module, PG_URL, *args, cwd=tree)


def _waiting_jobs() -> int:
    import psycopg

    with psycopg.connect(PG_URL.replace("postgres://", "postgresql://")) as conn:
        row = conn.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'READY'"
        ).fetchone()
    return int(row[0]) if row else 0


def _worker_batch(tree: Path) -> float:
    env = {**os.environ, "DATABASE_URL": PG_URL, "RAPPORT_VAR_DIR": str(ROOT / "var" / "bench")}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "rapport.cli", "worker", "--batch"],
        cwd=tree,
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def _drain(tree: Path) -> dict[str, Any]:
    """The jobs waiting now, and how long this tree's worker takes to run them all."""
    jobs = _waiting_jobs()
    full = _worker_batch(tree)
    empty = _worker_batch(tree)
    return {"jobs": jobs, "seconds": max(full - empty, 0.0), "start_up_seconds": empty}


def compare(
    reference: str,
    *,
    rounds: int = 2,
    members: int = 2_000,
    sends: int = 1_000,
    only: str | None = None,
) -> dict[str, Any]:
    """Run every stream for `reference` and for this tree, `rounds` times, alternating;
    `only="pages"` runs the pages alone (minutes instead of an hour), `only="serve"`
    the requests per second across `rapport serve`'s processes."""
    streams = ONLY[only] if only else STREAMS
    if not pg_available():
        raise SystemExit(f"No PostgreSQL at {PG_URL}: the send paths are measured there.")
    reference = git("rev-parse", "--short", reference).strip()
    head = git("rev-parse", "--short", "HEAD").strip()
    # The benchmarks' own page of results is not the code measured (a run writes it).
    dirty = bool(
        git(
            "status", "--porcelain", "--untracked-files=no", "--", ".", ":!docs/benchmarks.md"
        ).strip()
    )
    load_start = os.getloadavg()
    runs: dict[str, list[dict[str, Any]]] = {"reference": [], "this tree": []}
    with tempfile.TemporaryDirectory() as scratch:
        worktree = Path(scratch) / "reference"
        git("worktree", "add", "--detach", str(worktree), reference)
        # The same benchmark code on both trees: only the product's code differs.
        for name in ("__init__.py", *(m.split(".")[1] + ".py" for m in {*STREAMS, *ONLY["serve"]})):
            shutil.copy(ROOT / "bench" / name, worktree / "bench" / name)
        try:
            if only:
                _run(ROOT, "bench.pages", members, 0)  # load once, and warm up
            else:
                _run(ROOT, "bench.messages", members, 100)  # load once
                _worker_batch(ROOT)
            for number in range(rounds):
                # Each tree goes first in every other round: a run grows the database,
                # which would otherwise always favour the tree that runs first.
                order = [("reference", worktree), ("this tree", ROOT)]
                for name, tree in order if number % 2 == 0 else order[::-1]:
                    result: dict[str, Any] = {}
                    for module in streams:
                        result[module] = _run(tree, module, members, sends)
                        if module == "bench.messages":
                            sent = result[module]
                            result["drain"] = {
                                "messages": sum(
                                    sent[k]["count"] for k in ("guarded", "unguarded", "requests")
                                ),
                                **_drain(tree),
                            }
                    if not only:
                        _worker_batch(tree)  # its own jobs: the next tree starts from none
                    runs[name].append(result)
        finally:
            git("worktree", "remove", "--force", str(worktree))
    summary: dict[str, Any] = {}
    for module, names in streams.items():
        for stream in names:
            medians = {
                name: [run[module][stream]["median_ms"] for run in results]
                for name, results in runs.items()
            }
            middle = {name: statistics.median(values) for name, values in medians.items()}
            row = summary[f"{module.split('.')[1]}.{stream}"] = {
                "reference_ms": [round(v, 2) for v in medians["reference"]],
                "this_tree_ms": [round(v, 2) for v in medians["this tree"]],
                "ratio": round(middle["reference"] / middle["this tree"], 2),
            }
            if module == "bench.serve":
                rates = {
                    name: [run[module][stream]["per_second"] for run in results]
                    for name, results in runs.items()
                }
                row["reference_per_s"] = [round(v, 1) for v in rates["reference"]]
                row["this_tree_per_s"] = [round(v, 1) for v in rates["this tree"]]
                row["rate_ratio"] = round(
                    statistics.median(rates["this tree"]) / statistics.median(rates["reference"]),
                    2,
                )
    page_queries = (
        {
            name: {page: results[-1]["bench.pages"][page]["queries"] for page in PAGES}
            for name, results in runs.items()
        }
        if "bench.pages" in streams
        else {}
    )
    found: dict[str, Any] = {
        "reference": reference,
        "this_tree": head + (" with uncommitted changes" if dirty else ""),
        "rounds": rounds,
        "members": members,
        "sends": sends,
        "only": only,
        "machine": machine(),
        "date": dt.date.today().isoformat(),
        "load_start": load_start,
        "load_end": os.getloadavg(),
        "streams": summary,
        "page_queries": page_queries,
    }
    if only:
        return found
    queries = {
        name: [run["bench.invitations"]["queries_per_send"] for run in results]
        for name, results in runs.items()
    }
    drains = {name: [run["drain"] for run in results] for name, results in runs.items()}
    parallel = {
        name: [
            round(run["bench.invitations"]["accept_parallel"]["per_second"], 1) for run in results
        ]
        for name, results in runs.items()
    }
    return {
        **found,
        "invitation_queries_per_send": queries,
        "message_jobs_drained": drains,
        "accepts_per_second_in_parallel": parallel,
    }


LABELS = {
    "messages.guarded": "guarded message (new connections: classifier + bulk)",
    "messages.unguarded": "unguarded message (older connections)",
    "invitations.send_later": "invitation send, every check (sender has sent before)",
    "invitations.accept": "accept, one process",
    "invitations.decline": '"I don\'t know this person"',
    **{f"pages.{page}": f"page: {page}" for page in PAGES},
}


def section(result: dict[str, Any], command: str) -> str:
    """The side-by-side section of docs/benchmarks.md."""
    ref, this = result["reference"], result["this_tree"]
    load_start = ", ".join(f"{v:.2f}" for v in result["load_start"])
    load_end = ", ".join(f"{v:.2f}" for v in result["load_end"])
    only = result.get("only")
    marker = f"side-by-side-{only}" if only else "side-by-side"
    lines = [
        f"<!-- bench:{marker} -->",
        TITLES[only],
        "",
        f"Command: `{command}` (`bench/against.py`). The reference commit ({ref}) runs from a "
        f"git worktree with this tree's benchmark files copied in, so only the product's code "
        f"differs; both use one PostgreSQL database and one demo community of "
        f"{result['members']:,} members; {result['rounds']} rounds, the reference first in the "
        f"odd ones and this tree ({this}) first in the even ones. "
        f"Machine: {result['machine']}. Date: {result['date']}. Load "
        f"average at the start {load_start}; at the end {load_end}. Medians per run; the "
        "ratio is of the medians of the runs (above 1: this tree is faster)."
        + (
            ""
            if only == "serve"
            else " Pages: server time through Django's handler as the demo's Ada "
            "(`bench/pages.py`)."
        ),
        "",
    ]
    if only == "serve":
        return "\n".join([*lines, *_serve_table(result), f"<!-- /bench:{marker} -->", ""])
    lines += [
        f"| stream | {ref} median ms | this tree median ms | ratio |",
        "|---|---|---|---|",
    ]
    for key, row in result["streams"].items():
        label = LABELS.get(key, key)
        before = ", ".join(f"{v:.2f}" for v in row["reference_ms"])
        after = ", ".join(f"{v:.2f}" for v in row["this_tree_ms"])
        lines.append(f"| {label} | {before} | {after} | {row['ratio']:.2f} |")
    if only:
        return "\n".join([*lines, "", _page_queries(result), f"<!-- /bench:{marker} -->", ""])
    parallel = result["accepts_per_second_in_parallel"]
    lines += [
        "",
        "Accepts per second with two processes accepting at once (the change log's lock "
        "serialised them before issue 20): "
        f"{ref}: {', '.join(str(v) for v in parallel['reference'])}; "
        f"this tree: {', '.join(str(v) for v in parallel['this tree'])}.",
        "",
        "The jobs the message benchmark's sends queued, run by each tree's own "
        "`rapport worker --batch` (its start-up, timed on the empty queue just after, taken "
        "off):",
        "",
        "| tree | messages sent | jobs queued | seconds to run them "
        "| messages per second of worker |",
        "|---|---|---|---|---|",
    ]
    for name, label in (("reference", ref), ("this tree", "this tree")):
        for drain in result["message_jobs_drained"][name]:
            rate = drain["messages"] / drain["seconds"] if drain["seconds"] else float("inf")
            lines.append(
                f"| {label} | {drain['messages']:,} | {drain['jobs']:,} | "
                f"{drain['seconds']:.1f} | {rate:,.0f} |"
            )
    lines += ["", _page_queries(result), "<!-- /bench:side-by-side -->", ""]
    return "\n".join(lines)


TITLES = {
    None: "## Send paths, jobs and pages, side by side (issue 20)",
    "pages": "## The main pages, side by side (issue 20)",
    "serve": "## Requests per second across `rapport serve`'s processes, side by side (issue 20)",
}


def _serve_table(result: dict[str, Any]) -> list[str]:
    ref = result["reference"]
    lines = [
        "Over HTTP to `rapport serve --without-worker` (gunicorn, 2 processes of one thread "
        "each), from 4 client threads of the benchmark on the same machine "
        "(`bench/serve.py`'s defaults): invitation sends and their accepts through the API with "
        "personal access tokens, then the seven pages in turns as Ada. Per second: answered "
        "requests over the wall time of the stream; ratio: this tree's rate over the "
        "reference's (above 1: this tree is faster).",
        "",
        f"| stream | {ref} per s | this tree per s | ratio | {ref} median ms "
        "| this tree median ms |",
        "|---|---|---|---|---|---|",
    ]
    for key, row in result["streams"].items():
        label = SERVE_LABELS.get(key, key)
        lines.append(
            f"| {label} | {', '.join(str(v) for v in row['reference_per_s'])} "
            f"| {', '.join(str(v) for v in row['this_tree_per_s'])} | {row['rate_ratio']:.2f} "
            f"| {', '.join(f'{v:.1f}' for v in row['reference_ms'])} "
            f"| {', '.join(f'{v:.1f}' for v in row['this_tree_ms'])} |"
        )
    return [*lines, ""]


SERVE_LABELS = {
    "serve.send": "invitation send, every check (`POST /api/v1/invitations`)",
    "serve.accept": "accept (`POST /api/v1/invitations/{id}/accept`)",
    "serve.pages": "the seven pages, in turns",
}


def _page_queries(result: dict[str, Any]) -> str:
    queries = result["page_queries"]
    return (
        "Queries per page as served (the last run; pinned for a small community in "
        "`tests/test_page_queries.py`): "
        + "; ".join(
            f"{page} {queries['reference'][page]} → {queries['this tree'][page]}" for page in PAGES
        )
        + "."
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("reference", help="The commit to compare with.")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--members", type=int, default=2_000)
    parser.add_argument("--sends", type=int, default=1_000)
    parser.add_argument("--only", choices=sorted(ONLY), help="Only these streams.")
    parser.add_argument("--write", action="store_true", help="Write docs/benchmarks.md too.")
    args = parser.parse_args()
    result = compare(
        args.reference,
        rounds=args.rounds,
        members=args.members,
        sends=args.sends,
        only=args.only,
    )
    if args.write:
        from bench.__main__ import write_section

        only = f" --only {args.only}" if args.only else ""
        command = f"python -m bench.against {args.reference} --rounds {args.rounds}{only} --write"
        name = f"side-by-side-{args.only}" if args.only else "side-by-side"
        write_section(section(result, command), name)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
