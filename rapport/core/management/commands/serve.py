"""`rapport serve`: the web server (gunicorn workers, static files served by WhiteNoise)
together with the job worker and the routine housekeeping, stopped together."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rapport.core.supervisor import ROUTINE, Supervisor, rapport_command


class Command(BaseCommand):
    help = "Serve Rapport with gunicorn, the job worker and the routine housekeeping."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            default=os.environ.get("RAPPORT_BIND", "127.0.0.1:8000"),
            help="Address to listen on (default: RAPPORT_BIND or 127.0.0.1:8000).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", "3")),
            help="Web worker processes (default: WEB_CONCURRENCY or 3).",
        )
        parser.add_argument("--threads", type=int, default=2)
        parser.add_argument("--timeout", type=int, default=30)
        parser.add_argument(
            "--without-worker",
            action="store_true",
            help="Serve pages only: background jobs and housekeeping run elsewhere.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        web = [
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
        alone = options["without_worker"]
        worker = None if alone else rapport_command("worker")
        routine = () if alone else [(rapport_command(*cmd), every) for cmd, every in ROUTINE]
        extra = "" if alone else ", the job worker and hourly housekeeping"
        self.stdout.write(
            f"Rapport is serving on http://{options['bind']}/ with {options['workers']} "
            f"web workers{extra}. Stop with Ctrl-C."
        )
        self.stdout.flush()
        # What `make run` serves shows members Rapport's error pages, never Django's debug
        # page with every URL and setting: DEBUG is off in the processes started here
        # unless the environment asks for it (DEBUG=true rapport serve). Decision 0012.
        os.environ.setdefault("DEBUG", "false")
        supervisor = Supervisor(web=web, worker=worker, routine=routine, say=self.stdout.write)
        sys.exit(supervisor.run())
