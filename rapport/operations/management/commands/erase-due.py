"""`rapport erase-due`: erase the accounts whose deletion grace period is over (run hourly
by `rapport serve`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from rapport.operations.erasure import erasures_due


class Command(BaseCommand):
    help = "Erase the accounts whose deletion grace period is over."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"erased {erasures_due()} accounts")
