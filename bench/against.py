"""The send-path benchmarks of this tree side by side with another commit, in one run.

    python -m bench.against REF [--rounds 2] [--members 2000] [--sends 1000]

Machines here are shared and noisy, so a figure is only worth its comparison with the
reference measured in the same run. The reference runs from a temporary `git worktree`
(its own code, this virtual environment); both trees use the same PostgreSQL database
(`PG_URL`, default `rapport_bench`) and the same demo community, loaded once by this
tree. Each round runs `bench.messages` and `bench.invitations` for the reference, then
for this tree. Prints one JSON line: per tree, each stream's median per run and the
median of those, and the ratio reference / this tree (above 1: this tree is faster).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
from pathlib import Path
from typing import Any

from bench import ROOT, git
from bench.__main__ import PG_URL, machine, pg_available, run

STREAMS = {
    "bench.messages": ("guarded", "unguarded"),
    "bench.invitations": ("send_later", "accept", "decline"),
}


def _run(tree: Path, module: str, members: int, sends: int) -> dict[str, Any]:
    args = ("--members", str(members), "--sends", str(sends), "--reuse")
    return run(module, PG_URL, *args, cwd=tree)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("reference", help="The commit to compare with.")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--members", type=int, default=2_000)
    parser.add_argument("--sends", type=int, default=1_000)
    args = parser.parse_args()
    if not pg_available():
        raise SystemExit(f"No PostgreSQL at {PG_URL}: the send paths are measured there.")
    load_start = os.getloadavg()
    runs: dict[str, list[dict[str, Any]]] = {"reference": [], "this tree": []}
    with tempfile.TemporaryDirectory() as scratch:
        worktree = Path(scratch) / "reference"
        git("worktree", "add", "--detach", str(worktree), args.reference)
        try:
            _run(ROOT, "bench.messages", args.members, 100)  # load once
            for _ in range(args.rounds):
                for name, tree in (("reference", worktree), ("this tree", ROOT)):
                    result = {}
                    for module in STREAMS:
                        result[module] = _run(tree, module, args.members, args.sends)
                    runs[name].append(result)
        finally:
            git("worktree", "remove", "--force", str(worktree))
    summary: dict[str, Any] = {}
    for module, streams in STREAMS.items():
        for stream in streams:
            medians = {
                name: [run[module][stream]["median_ms"] for run in results]
                for name, results in runs.items()
            }
            middle = {name: statistics.median(values) for name, values in medians.items()}
            summary[f"{module.split('.')[1]}.{stream}"] = {
                "reference_ms": [round(v, 2) for v in medians["reference"]],
                "this_tree_ms": [round(v, 2) for v in medians["this tree"]],
                "ratio": round(middle["reference"] / middle["this tree"], 2),
            }
    queries = {
        name: [run["bench.invitations"]["queries_per_send"] for run in results]
        for name, results in runs.items()
    }
    print(
        json.dumps(
            {
                "reference": args.reference,
                "machine": machine(),
                "load_start": load_start,
                "load_end": os.getloadavg(),
                "streams": summary,
                "invitation_queries_per_send": queries,
            }
        )
    )


if __name__ == "__main__":
    main()
