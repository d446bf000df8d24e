"""`rapport search-rebuild`: rewrite every member's search entry from their profile.

The entries follow every save (members/search_entries.py); this repairs them after
writes that send no signal — a bulk load of another tool, an SQL fix by hand, members
who signed up on the old code during an upgrade. Safe to run at any time.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from rapport.members.search_entries import entries_rebuild


class Command(BaseCommand):
    help = "Rewrite every member's search entry (what free-text search finds them by)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"rewrote the search entries of {entries_rebuild():,} members")
