"""One command that runs everything a community needs: the web server, the job worker
and the routine housekeeping, started together and stopped together.

Without the worker a fresh install computes no trust and sends no e-mail (jobs sit
queued), and without the housekeeping invitations never expire; a member who ran
`make run` should not have to know that. Operators who run the worker elsewhere turn
it off with `rapport serve --without-worker`.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

# Routine jobs, as `rapport` sub-commands and how often each runs. They are
# idempotent (safe to run twice), so a restart that runs one early does no harm.
JOB_PRUNING = (
    "prune_db_task_results",
    "--queue-name",
    "*",
    "--min-age-days",
    "7",
    "--failed-min-age-days",
    "30",
)
ROUTINE: tuple[tuple[tuple[str, ...], float], ...] = (
    (("invitations-housekeeping",), 3600.0),
    (("introductions-housekeeping",), 3600.0),
    (("trust-recompute", "--stale-hours", "24"), 24 * 3600.0),
    # Influence is a rank within the community: everyone is re-ranked once a day.
    (("influence-recompute",), 24 * 3600.0),
    # Digests go out at a local hour of each member's choosing: a quarter-hour tick
    # sends each within 15 minutes of it.
    (("notifications", "digest"), 900.0),
    # Workforce insights move with the calendar (tenure, "the last 24 months") even when
    # nobody's history changes: every company is recomputed daily.
    (("company", "refresh-all"), 24 * 3600.0),
    # Members' copies of their data can be downloaded for a week, then are deleted.
    (("data-export", "expire"), 3600.0),
    # Accounts whose deletion grace period is over are erased.
    (("erase-due",), 3600.0),
    # Groups' participation statistics are computed from recorded activity, not per view.
    (("group", "refresh-stats"), 3600.0),
    # Every send and message leaves a finished job row; kept a week (failures a month,
    # for the operators' health page), then deleted, so the queue the worker claims
    # from stays small (issue 20).
    (JOB_PRUNING, 24 * 3600.0),
)

# A worker that keeps dying is a broken install, not a blip: stop everything so the
# operator sees it instead of a site that silently stops sending e-mail.
WORKER_RESTARTS_PER_HOUR = 5


@dataclass
class Supervisor:
    """Starts the processes, forwards a stop to all of them,
    restarts a crashed worker a few times, and stops everything when the web server
    exits."""

    web: Sequence[str]
    worker: Sequence[str] | None
    routine: Sequence[tuple[Sequence[str], float]] = ()
    say: Callable[[str], None] = print
    clock: Callable[[], float] = time.monotonic
    _procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    _restarts: list[float] = field(default_factory=list)
    _stopping: bool = False

    def _start(self, name: str, argv: Sequence[str]) -> subprocess.Popen[bytes]:
        # Same process group as this one: Ctrl-C in a terminal reaches every process.
        proc = subprocess.Popen(list(argv))  # noqa: S603
        self._procs[name] = proc
        return proc

    def _signal_all(self, signum: int) -> None:
        for proc in self._procs.values():
            if proc.poll() is None:
                proc.send_signal(signum)

    def stop(self, *_: object) -> None:
        self._stopping = True

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        self._start("web", self.web)
        if self.worker is not None:
            self._start("worker", self.worker)
        due = {tuple(argv): self.clock() + 60.0 for argv, _ in self.routine}
        code = 0
        try:
            while not self._stopping:
                web = self._procs["web"].poll()
                if web is not None:
                    self.say(f"the web server stopped (exit {web}); stopping the worker")
                    code = web or 1
                    break
                if self.worker is not None and self._procs["worker"].poll() is not None:
                    now = self.clock()
                    self._restarts = [t for t in self._restarts if now - t < 3600] + [now]
                    if len(self._restarts) > WORKER_RESTARTS_PER_HOUR:
                        self.say("the job worker keeps stopping; stopping the web server too")
                        code = 1
                        break
                    self.say("the job worker stopped; starting it again")
                    self._start("worker", self.worker)
                for argv, every in self.routine:
                    key = tuple(argv)
                    if self.clock() >= due[key] and self._procs.get(" ".join(key)) is None:
                        self._start(" ".join(key), argv)
                        due[key] = self.clock() + every
                self._reap_routine()
                time.sleep(0.5)
        finally:
            self._signal_all(signal.SIGTERM)
            deadline = self.clock() + 20
            for proc in self._procs.values():
                try:
                    proc.wait(timeout=max(0.1, deadline - self.clock()))
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        return code

    def _reap_routine(self) -> None:
        for name in [n for n in self._procs if n not in ("web", "worker")]:
            if self._procs[name].poll() is not None:
                del self._procs[name]


def rapport_command(*args: str) -> list[str]:
    """The argv that runs `rapport ARGS` with this interpreter's installation."""
    return [sys.executable, "-m", "rapport.cli", *args]
