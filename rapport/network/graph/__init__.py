"""The graph index: who is how many hops from whom, in microseconds (decision 0008).

`index()` is the process's index, fresh to within `RAPPORT_GRAPH_REFRESH_SECONDS`;
selectors use it. `compact()` writes a new snapshot (the `rapport graph compact`
command and the `graph_compact` task call it).

numpy and numba load on first use, not on import: writers (the services) import
this package only to poke the index after a commit.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rapport.network.graph.graph_index import GraphIndex
    from rapport.network.graph.live import Live

__all__ = ["GraphIndex", "changed", "compact", "index", "reset"]

_live: Live | None = None
_guard = threading.Lock()


def _instance() -> Live:
    global _live
    from rapport.network.graph.live import Live, config

    cfg = config()
    live = _live
    if live is None or live.cfg != cfg:
        with _guard:
            if _live is None or _live.cfg != cfg:
                _live = Live(cfg)
            live = _live
    return live


def index() -> GraphIndex:
    """This process's graph index, caught up with the change log."""
    return _instance().get()


def changed() -> None:
    """Called after this process commits a connection change: refresh on the next read."""
    if _live is not None:
        _live.poke()


def reset() -> None:
    """Forget this process's index (tests; after the database was replaced)."""
    global _live
    with _guard:
        _live = None


def compact(*, rebuild: bool = False) -> dict[str, object]:
    """Write a snapshot of everything the change log holds and prune what it covers."""
    from rapport.network.graph.live import compact as run

    return run(rebuild=rebuild)


def __getattr__(name: str) -> Any:
    if name == "GraphIndex":
        from rapport.network.graph.graph_index import GraphIndex

        return GraphIndex
    raise AttributeError(name)
