"""/healthz answers from the process; /readyz says whether the site can serve and why not."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError
from django.test import Client
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from rapport.accounts.tests.factories import PASSWORD
from rapport.conversations.tests.factories import connect
from rapport.operations import health

pytestmark = pytest.mark.django_db


def _staff() -> Client:
    from rapport.accounts.tests.factories import make_member

    operator = make_member("operator")
    type(operator).objects.filter(pk=operator.pk).update(is_operator=True)
    client = Client()
    client.login(email=operator.email, password=PASSWORD)
    return client


def _job(*, enqueued: dt.datetime, run_after: dt.datetime | None = None, status=None) -> None:
    made = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="rapport.notifications.tasks.digest",
        backend_name="default",
        run_after=run_after or get_date_max(),
        status=status or TaskResultStatus.READY,
    )
    DBTaskResult.objects.filter(pk=made.pk).update(enqueued_at=enqueued)


def test_healthz_answers_without_the_database(client, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise AssertionError("healthz must not touch the database")

    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", broken)
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.fixture
def own_graph(settings, tmp_path):
    """This test's own graph index, so it neither reads nor leaves another test's."""
    from rapport.network import graph

    settings.RAPPORT_GRAPH_DIR = tmp_path / "graph"
    graph.reset()
    yield
    graph.reset()


@pytest.mark.django_db(transaction=True)  # as served: the index follows committed changes
def test_readyz_is_ready_with_every_check_named(own_graph) -> None:
    from rapport.accounts.tests.factories import make_member

    connect(make_member("ada"), make_member("ben"))
    response = Client().get("/readyz")
    assert response.status_code == 200, response.content
    # Anyone learns which check passes; the figures are the operators'.
    assert response.json() == {
        "status": "ready",
        "checks": {name: {"ok": True} for name in ("database", "job_queue", "graph_index")},
    }
    body = _staff().get("/readyz").json()
    assert body["checks"]["graph_index"]["behind"] == 0
    assert body["checks"]["graph_index"]["watermark"] > 0
    assert body["checks"]["job_queue"]["oldest_seconds"] < 60


def test_a_job_waiting_too_long_makes_the_site_not_ready(settings) -> None:
    settings.RAPPORT = {**settings.RAPPORT, "READY_MAX_QUEUE_SECONDS": 600}
    now = timezone.now()
    _job(enqueued=now - dt.timedelta(minutes=5))
    assert Client().get("/readyz").status_code == 200
    # Put off until later, a job waits only from when it may run.
    _job(enqueued=now - dt.timedelta(hours=5), run_after=now + dt.timedelta(hours=1))
    _job(enqueued=now - dt.timedelta(hours=5), run_after=now - dt.timedelta(minutes=2))
    assert Client().get("/readyz").status_code == 200
    _job(enqueued=now - dt.timedelta(minutes=11))
    response = _staff().get("/readyz")
    assert response.status_code == 503
    queue = response.json()["checks"]["job_queue"]
    assert not queue["ok"] and queue["ready"] == 3 and queue["oldest_seconds"] >= 660
    settings.RAPPORT = {**settings.RAPPORT, "READY_MAX_QUEUE_SECONDS": 0}
    assert Client().get("/readyz").status_code == 200  # reported, not held against the site


def test_a_database_that_does_not_answer_is_a_503_that_says_so(monkeypatch) -> None:
    def down() -> health.Check:
        return health.Check("database", False, {"error": DatabaseError.__name__})

    monkeypatch.setattr(health, "database", down)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": {"ok": False}}


def test_an_index_that_cannot_load_is_reported(monkeypatch) -> None:
    def fails():
        raise RuntimeError("snapshot unreadable")

    monkeypatch.setattr(health, "graph_lag", fails)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["graph_index"] == {"ok": False}
    assert _staff().get("/readyz").json()["checks"]["graph_index"] == {
        "ok": False,
        "error": "RuntimeError",
    }


def test_an_index_that_stopped_following_the_log_is_not_ready(monkeypatch) -> None:
    now = timezone.now()

    def lag(oldest: dt.datetime | None) -> object:
        return lambda: {
            "watermark": 7,
            "last_change_at": None,
            "behind": 3,
            "oldest_unapplied_at": oldest,
        }

    monkeypatch.setattr(health, "graph_lag", lag(now - dt.timedelta(seconds=5)))
    assert Client().get("/readyz").status_code == 200  # changes a moment old: it catches up
    monkeypatch.setattr(health, "graph_lag", lag(now - dt.timedelta(minutes=5)))
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["graph_index"] == {"ok": False}


def test_the_status_page_is_for_operators_only(ada) -> None:
    member = Client()
    member.login(email=ada.email, password=PASSWORD)
    assert member.get("/operators/status/").status_code == 403
    assert Client().get("/operators/status/").status_code == 302  # to log in
    type(ada).objects.filter(pk=ada.pk).update(is_operator=True)
    page = member.get("/operators/status/")
    assert page.status_code == 200
    assert b"Job queue" in page.content and b"Graph index" in page.content
