"""Limits hold under concurrent requests: real threads, real database (SQLite or PostgreSQL)."""

import threading

import pytest
from django.db import close_old_connections, connection

from rapport.core.errors import RapportError
from rapport.invitations import services
from rapport.invitations.models import Invitation, State
from rapport.invitations.tests.factories import T0, crowd, tighten

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(jobs):
    """Start every job at once; return what each returned or raised."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def worker(i, job):
        try:
            barrier.wait()
            results[i] = job()
        except Exception as exc:
            results[i] = exc
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_simultaneous_invitations_never_exceed_the_daily_cap():
    tighten(daily_cap=4, weekly_cap=100)
    sender, *recipients = crowd("burst", 13)

    def job(recipient):
        return lambda: services.invitation_send(sender=sender, recipient=recipient, now=T0)

    results = run_together([job(r) for r in recipients])
    sent = [r for r in results if isinstance(r, Invitation)]
    refused = [r for r in results if isinstance(r, RapportError)]
    assert len(sent) == 4, results
    assert len(refused) == 8 and {e.code for e in refused} == {"invitation.day_limit"}
    assert Invitation.objects.filter(sender=sender).count() == 4


def test_simultaneous_invitations_never_exceed_the_weekly_cap():
    tighten(daily_cap=100, weekly_cap=3, throttled_weekly_cap=1)
    sender, *recipients = crowd("week", 9)
    results = run_together(
        [
            (lambda r=r: services.invitation_send(sender=sender, recipient=r, now=T0))
            for r in recipients
        ]
    )
    assert sum(isinstance(r, Invitation) for r in results) == 3
    assert Invitation.objects.filter(sender=sender).count() == 3


def test_two_simultaneous_invitations_between_a_pair_make_one_pending():
    ada, ben = crowd("pair", 2)
    results = run_together(
        [
            lambda: services.invitation_send(sender=ada, recipient=ben, now=T0),
            lambda: services.invitation_send(sender=ada, recipient=ben, now=T0),
            lambda: services.invitation_send(sender=ben, recipient=ada, now=T0),
        ]
    )
    # One wins; the others see it pending, or (ben's) accept it: never two pending.
    pending = Invitation.objects.filter(state=State.PENDING).count()
    accepted = Invitation.objects.filter(state=State.ACCEPTED).count()
    assert (pending, accepted) in {(1, 0), (0, 1)}
    assert all(isinstance(r, Invitation | RapportError) for r in results), results


def test_twenty_crossed_invitations_each_way_connect_the_pair_exactly_once():
    from rapport.network.models import Connection
    from rapport.network.selectors import are_connected

    ada, ben = crowd("crossed", 2)
    results = run_together(
        [lambda: services.invitation_send(sender=ada, recipient=ben, now=T0)] * 20
        + [lambda: services.invitation_send(sender=ben, recipient=ada, now=T0)] * 20
    )
    assert all(isinstance(r, Invitation | RapportError) for r in results), results
    # One invitation was sent and the crossed one accepted it: connected once, and
    # nothing left pending between two connected members.
    assert are_connected(ada.pk, ben.pk)
    assert Connection.objects.count() == 1
    assert Invitation.objects.filter(state=State.PENDING).count() == 0
    assert Invitation.objects.filter(state=State.ACCEPTED).count() == 1
    codes = {r.code for r in results if isinstance(r, RapportError)}
    assert codes <= {"invitation.pending", "invitation.connected"}, codes
