"""The supervisor behind `rapport serve` keeps the worker beside the web server and
never leaves one running without the other."""

import sys
import time

import pytest

from rapport.core.supervisor import Supervisor

PY = sys.executable


def test_the_worker_is_stopped_when_the_web_server_exits():
    supervisor = Supervisor(
        web=[PY, "-c", "import time; time.sleep(0.5); raise SystemExit(3)"],
        worker=[PY, "-c", "import time; time.sleep(60)"],
        say=lambda _: None,
    )
    started = time.monotonic()
    assert supervisor.run() == 3
    assert time.monotonic() - started < 20
    assert all(proc.poll() is not None for proc in supervisor._procs.values())


def test_a_worker_that_keeps_dying_stops_everything(monkeypatch):
    monkeypatch.setattr("rapport.core.supervisor.WORKER_RESTARTS_PER_HOUR", 2)
    said: list[str] = []
    supervisor = Supervisor(
        web=[PY, "-c", "import time; time.sleep(60)"],
        worker=[PY, "-c", "raise SystemExit(1)"],
        say=said.append,
    )
    assert supervisor.run() == 1
    assert said.count("the job worker stopped; starting it again") == 2
    assert said[-1] == "the job worker keeps stopping; stopping the web server too"
    assert supervisor._procs["web"].poll() is not None


def test_routine_jobs_run_when_due(tmp_path):
    ticks = iter(range(0, 100_000, 30))
    mark = tmp_path / "ran"
    supervisor = Supervisor(
        web=[PY, "-c", "import time; time.sleep(3)"],
        worker=None,
        routine=[([PY, "-c", f"open({str(mark)!r}, 'a').write('x')"], 3600.0)],
        say=lambda _: None,
        clock=lambda: float(next(ticks)),
    )
    supervisor.run()
    # Each half-second tick moves the fake clock 30 s: the first run is due after 60 s,
    # the next an hour later, which the 3-second web process does not live to see.
    assert mark.read_text() == "x"


@pytest.mark.django_db
def test_every_routine_job_is_a_command_that_runs_on_an_empty_community(settings):
    from django.core.management import call_command

    from rapport.core.supervisor import ROUTINE

    # The queue `rapport serve` runs with (pruning finished jobs needs it).
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }

    for argv, _every in ROUTINE:
        call_command(*argv)  # raises on an unknown command or argument


@pytest.mark.django_db
def test_the_routine_prunes_finished_jobs_a_week_old_and_failures_a_month_old(settings):
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from rapport.core.supervisor import JOB_PRUNING, ROUTINE

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    assert (JOB_PRUNING, 24 * 3600.0) in ROUTINE
    now = timezone.now()

    def job(status: str, days_ago: float | None) -> DBTaskResult:
        return DBTaskResult.objects.create(
            status=status,
            args_kwargs={"args": [], "kwargs": {}},
            task_path="rapport.trust.tasks.trust_drain",
            backend_name="default",
            run_after=now,
            finished_at=None if days_ago is None else now - dt.timedelta(days=days_ago),
        )

    gone = [job(TaskResultStatus.SUCCESSFUL, 8), job(TaskResultStatus.FAILED, 31)]
    kept = [
        job(TaskResultStatus.SUCCESSFUL, 6),
        job(TaskResultStatus.FAILED, 8),
        job(TaskResultStatus.READY, None),
    ]
    call_command(*JOB_PRUNING, verbosity=0)
    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert left == {j.pk for j in kept}
    assert not left & {j.pk for j in gone}
