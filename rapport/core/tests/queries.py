"""Counting what a call asks of the database, for the tests that pin query counts."""

from __future__ import annotations

from typing import Any


def statements(captured: Any) -> list[str]:
    """The SQL a call sent, without savepoints: those are the test's transaction (a
    request commits with one BEGIN and one COMMIT, which Django does not log)."""
    return [
        q["sql"] for q in captured if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]
