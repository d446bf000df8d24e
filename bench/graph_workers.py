"""Fresh processes that open a graph snapshot: start-up time and memory of workers.

Started by `python -m bench.graph`, never imported by it. No Django: a worker maps
the snapshot with `rapport.network.graph.store.read` (checks sizes and checksums)
and queries a `GraphIndex` over the mapped arrays, as a web worker does at start-up.

    python -m bench.graph_workers startup PLAN.json   time to the first answer
    python -m bench.graph_workers serve PLAN.json     answer a workload, report, wait
    python -m bench.graph_workers baseline PLAN.json  the same imports, no snapshot

`serve` and `baseline` print one JSON line when ready, then wait for a line on
standard input before exiting, so the parent can read /proc/<pid>/smaps while all
workers are alive at once.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _open(plan: dict[str, Any]) -> Any:
    from rapport.network.graph import store
    from rapport.network.graph.graph_index import GraphIndex

    indptr, indices, header = store.read(Path(plan["root"]), plan["name"])
    return GraphIndex(indptr, indices, watermark=header.watermark, source=plan["name"])


def startup(plan: dict[str, Any]) -> None:
    import numpy  # noqa: F401

    from rapport.network.graph.graph_index import GraphIndex  # noqa: F401

    imported = time.perf_counter()
    index = _open(plan)
    opened = time.perf_counter()
    answer = index.degrees(plan["viewer"], plan["targets"])
    answered = time.perf_counter()
    print(
        json.dumps(
            {
                "imports_seconds": imported - STARTED,
                "open_seconds": opened - imported,
                "first_query_seconds": answered - opened,
                "in_process_seconds": answered - STARTED,
                "answer": answer,
            }
        ),
        flush=True,
    )


def _work(index: Any, plan: dict[str, Any]) -> int:
    answers = 0
    for viewer, targets in plan["pages"]:
        answers += len(index.degrees(viewer, targets))
    for a, b in plan["pairs"]:
        answers += index.distance(a, b) is not None
        answers += index.mutual_count(a, b)
        answers += len(index.paths(a, b, 3))
    for u in plan["members"]:
        answers += index.second_degree_size(u)
        answers += len(index.suggestions(u, 20))
    return answers


def serve(plan: dict[str, Any], *, with_index: bool) -> None:
    from rapport.network.graph.graph_index import GraphIndex

    if with_index:
        index = _open(plan)
    else:
        # Same imports and compiled kernels, over a tiny in-memory graph.
        index = GraphIndex.from_edges(4, [0, 1, 2], [1, 2, 3])
        plan = {"pages": [[0, [1, 2, 3]]], "pairs": [[0, 3]], "members": [0]}
    started = time.perf_counter()
    answers = _work(index, plan)
    print(
        json.dumps({"answers": answers, "work_seconds": time.perf_counter() - started}),
        flush=True,
    )
    sys.stdin.readline()


def main() -> None:
    mode, plan_path = sys.argv[1], sys.argv[2]
    plan = json.loads(Path(plan_path).read_text())
    if mode == "startup":
        startup(plan)
    elif mode == "serve":
        serve(plan, with_index=True)
    elif mode == "baseline":
        serve(plan, with_index=False)
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
