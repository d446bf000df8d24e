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


def demo_community(members: int, *, reuse: bool) -> bool:
    """Migrate, then load the demo community of `members` (seed 1) unless `reuse` and it
    is already there. Call after `django.setup()`. Returns whether it loaded one."""
    import os

    from django.core.management import call_command

    from rapport.accounts.models import User

    call_command("migrate", verbosity=0)
    if reuse and User.objects.filter(is_staff=False).count() == members:
        return False
    call_command("flush", interactive=False, verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("demo", members=members, seed=1, stdout=quiet)
    return True
