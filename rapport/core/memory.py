"""Bursts of short-lived objects without the cycle collector's passes over them.

Reading a big address book builds hundreds of thousands of small objects (vobject
makes one per line, then the contacts and their JSON) that reference counting frees
on its own. Python's cycle collector still runs every 700 allocations and now and
then walks every object the process holds; here that was a fifth of the read
(bench/contacts.py). Pausing it for a bounded piece of work loses nothing: objects
that do form cycles are collected at the next pass after it resumes.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the block; resumed after it (if it was running)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
