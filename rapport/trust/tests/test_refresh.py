"""Changes between connections mark the pair stale; one drain job recomputes them in
batches (services.refresh), so a burst of messages queues one job, not one each."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from rapport.accounts.tests.factories import make_member
from rapport.conversations import services as messaging
from rapport.conversations.tests.factories import GENUINE, connect
from rapport.trust.models import StalePair, TrustScore
from rapport.trust.services import refresh
from rapport.trust.tasks import trust_drain

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def queued(task) -> int:
    return DBTaskResult.objects.filter(
        task_path=task.module_path, status=TaskResultStatus.READY
    ).count()


def test_a_burst_of_messages_queues_one_drain_and_it_recomputes_each_pair(
    database_queue, django_capture_on_commit_callbacks
):
    ada = make_member("ada")
    others = [make_member(f"m{i}") for i in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        for other in others:
            connect(ada, other)
    for other in others:
        for _ in range(3):
            with django_capture_on_commit_callbacks(execute=True):
                messaging.message_send(sender=ada, recipient=other, text=GENUINE)
    assert queued(trust_drain) == 1
    trust_jobs = DBTaskResult.objects.filter(task_path__startswith="rapport.trust.")
    assert trust_jobs.count() == 1  # no other trust job per message either
    assert StalePair.objects.count() == 4  # one row per pair, however many messages
    assert not TrustScore.objects.exists()
    assert trust_drain.call() == 4
    assert not StalePair.objects.exists()
    for other in others:
        assert TrustScore.objects.get(member=ada, other=other).last_contact_at is not None
        assert TrustScore.objects.filter(member=other, other=ada).exists()


def test_a_drain_that_started_does_not_count_as_waiting(database_queue):
    ada, ben, chidi = (make_member(h) for h in ("ada", "ben", "chidi"))
    refresh.trust_mark_stale(ada.pk, ben.pk)
    assert queued(trust_drain) == 1
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING)  # a worker took it
    refresh.trust_mark_stale(ben.pk, chidi.pk)
    # The running one may have read the stale pairs already: a new one waits.
    assert queued(trust_drain) == 1


def test_a_pair_marked_again_during_its_recompute_is_recomputed_again(monkeypatch):
    ada, ben = make_member("ada"), make_member("ben")
    monkeypatch.setattr(refresh, "enqueue_unless_waiting", lambda task: False)
    with transaction.atomic():
        connect(ada, ben)
    refresh.trust_mark_stale(ada.pk, ben.pk)
    original = refresh.trust_recompute
    calls: list[int] = []

    def recompute(*, member, others):
        calls.append(member.pk)
        if len(calls) == 1:  # a message arrives while the drain works
            refresh.trust_mark_stale(ada.pk, ben.pk)
        return original(member=member, others=others)

    monkeypatch.setattr(refresh, "trust_recompute", recompute)
    assert refresh.trust_drain_stale() == 2  # two rounds for the one pair
    assert sorted(calls) == sorted([ada.pk, ben.pk] * 2)
    assert not StalePair.objects.exists()


def test_the_drain_takes_pairs_in_batches_and_each_member_once_per_batch(monkeypatch):
    monkeypatch.setattr(refresh, "enqueue_unless_waiting", lambda task: False)
    ada = make_member("ada")
    others = [make_member(f"m{i}") for i in range(5)]
    for other in others:
        with transaction.atomic():
            connect(ada, other)
    for other in others:
        refresh.trust_mark_stale(ada.pk, other.pk)
    seen: list[tuple[int, int]] = []
    original = refresh.trust_recompute

    def recompute(*, member, others):
        seen.append((member.pk, len(others)))
        return original(member=member, others=others)

    monkeypatch.setattr(refresh, "trust_recompute", recompute)
    assert refresh.trust_drain_stale(batch=3) == 5
    # Ada once per batch for all her stale partners (3, then 2), each other member once.
    assert [n for pk, n in seen if pk == ada.pk] == [3, 2]
    assert sorted(pk for pk, _ in seen if pk != ada.pk) == sorted(o.pk for o in others)
    assert TrustScore.objects.filter(member=ada).count() == 5


def test_a_pair_of_a_deleted_member_drains_to_nothing(monkeypatch):
    ada, ben = make_member("ada"), make_member("ben")
    monkeypatch.setattr(refresh, "enqueue_unless_waiting", lambda task: False)
    refresh.trust_mark_stale(ada.pk, ben.pk)
    ben.delete()
    assert refresh.trust_drain_stale() == 1
    assert not StalePair.objects.exists()
    assert not TrustScore.objects.exists()


def test_on_postgresql_a_mark_is_one_statement_and_a_pair_still_stale_queues_nothing(
    database_queue,
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite marks, then asks the queue (development only)")
    ada, ben = make_member("ada"), make_member("ben")
    refresh.trust_mark_stale(ada.pk, ben.pk)
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING)  # the drain has started
    with CaptureQueriesContext(connection) as captured:
        refresh.trust_mark_stale(ben.pk, ada.pk)
    # The running drain keeps the row (marked after its read) and reads again.
    assert len(captured) == 1
    assert queued(trust_drain) == 0
    assert StalePair.objects.count() == 1


def test_a_long_drain_hands_over_and_a_failing_member_holds_nothing_up(monkeypatch, caplog):
    ada = make_member("ada")
    others = [make_member(f"m{i}") for i in range(5)]
    queued_after: list[object] = []
    monkeypatch.setattr(refresh, "enqueue_unless_waiting", queued_after.append)
    for other in others:
        with transaction.atomic():
            connect(ada, other)
        refresh.trust_mark_stale(ada.pk, other.pk)
    queued_after.clear()
    original = refresh.trust_recompute

    def recompute(*, member, others):
        if member.pk == others_ids[0]:
            raise RuntimeError("a broken member")
        return original(member=member, others=others)

    others_ids = [o.pk for o in others]
    monkeypatch.setattr(refresh, "trust_recompute", recompute)
    # Two rounds of two pairs: one pair is left, for a successor job.
    assert refresh.trust_drain_stale(batch=2, rounds=2) == 4
    assert StalePair.objects.count() == 1 and len(queued_after) == 1
    assert "a broken member" in caplog.text
    assert refresh.trust_drain_stale(batch=2, rounds=2) == 1
    assert not StalePair.objects.exists() and len(queued_after) == 1
    # The broken member's own view was not written; everyone else's was.
    assert not TrustScore.objects.filter(member_id=others_ids[0]).exists()
    assert TrustScore.objects.filter(member=ada).count() == 5
