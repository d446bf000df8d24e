"""Rapport's benchmarks, run by `make bench` (small) and `make bench-full`."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def git(*args: str) -> str:
    """Run the developer's git in the repository (benchmarks compare with other commits
    from temporary worktrees) and return what it printed."""
    return subprocess.run(
        ["git", *args],  # noqa: S607 — the developer's git, as `make bench` is run by hand
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout.strip()
