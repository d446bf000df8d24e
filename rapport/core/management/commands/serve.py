"""`rapport serve`: the production server — gunicorn workers, static files served by WhiteNoise."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Rapport with gunicorn (several worker processes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("RAPPORT_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", "3")),
            help="Worker processes (default: WEB_CONCURRENCY or 3).",
        )
        parser.add_argument("--threads", type=int, default=2)
        parser.add_argument("--timeout", type=int, default=30)

    def handle(self, *args: Any, **options: Any) -> None:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        argv = [
            str(gunicorn),
            "config.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            "--timeout",
            str(options["timeout"]),
            "--access-logfile",
            "-",
        ]
        self.stdout.write(
            f"Rapport is serving on http://{options['bind']}/ with {options['workers']} workers"
        )
        self.stdout.flush()
        # Replace this process: gunicorn's arbiter then owns the workers and signals.
        os.execv(gunicorn, argv)  # noqa: S606
