"""The cycle collector comes back after a paused block, errors included, and a block
nested in another leaves it paused for the outer one."""

from __future__ import annotations

import gc

import pytest

from rapport.core.memory import cycle_collector_paused


def test_paused_inside_and_running_after_even_on_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), cycle_collector_paused():
        assert not gc.isenabled()
        raise RuntimeError
    assert gc.isenabled()


def test_a_nested_block_leaves_the_outer_one_paused() -> None:
    with cycle_collector_paused():
        with cycle_collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
