"""A deadlock's victim is run again; any other database error is not."""

from __future__ import annotations

import pytest
from django.db import OperationalError

from rapport.core.transactions import ATTEMPTS, retry_on_deadlock


class _Cause(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _failing(times: int, sqlstate: str):
    calls: list[int] = []

    @retry_on_deadlock
    def write() -> str:
        calls.append(1)
        if len(calls) <= times:
            raise OperationalError("deadlock detected") from _Cause(sqlstate)
        return "done"

    return write, calls


def test_a_deadlock_victim_is_run_again():
    write, calls = _failing(ATTEMPTS - 1, "40P01")
    assert write() == "done" and len(calls) == ATTEMPTS


def test_it_gives_up_after_a_few_attempts():
    write, calls = _failing(ATTEMPTS, "40P01")
    with pytest.raises(OperationalError):
        write()
    assert len(calls) == ATTEMPTS


def test_other_errors_are_not_retried():
    write, calls = _failing(1, "57014")  # a cancelled statement
    with pytest.raises(OperationalError):
        write()
    assert len(calls) == 1
