"""Significant events queue a recompute of the members they speak for, after the commit:
responses to posts (tested in test_services), replies and accepted conversations, and
accepted introductions — for the requester and the introducers."""

from __future__ import annotations

import pytest

from rapport.conversations.services import message_send
from rapport.conversations.tests.factories import connect
from rapport.influence.models import Influence
from rapport.trust import services as trust
from rapport.trust.tests.factories import ask, chain

pytestmark = pytest.mark.django_db


def recomputed(*members) -> dict[str, int]:
    """Each member's responders count as their last recompute saw it (none: -1)."""
    found = dict(
        Influence.objects.filter(member__in=members).values_list("member__handle", "counts")
    )
    return {m.handle: int(found.get(m.handle, {}).get("talked", -1)) for m in members}


def test_a_reply_recomputes_both_who_wrote(ada, ben, django_capture_on_commit_callbacks):
    connect(ada, ben, days_ago=30)
    with django_capture_on_commit_callbacks(execute=True):
        first = message_send(sender=ada, recipient=ben, text="Could we talk about the role?")
    with django_capture_on_commit_callbacks(execute=True):
        message_send(sender=ben, conversation_id=first.conversation_id, text="Gladly, Tuesday?")
    # Each has now written in a conversation the other wrote in: one person each.
    assert recomputed(ada, ben) == {"ada": 1, "ben": 1}
    assert not Influence.objects.filter(stale=True).exists()


def test_an_accepted_introduction_recomputes_requester_and_introducer(
    ada, ben, chidi, django_capture_on_commit_callbacks
):
    chain(ada, ben, chidi)
    intro = ask(ada, chidi, [ada, ben, chidi])
    trust.introduction_forward(member=ben, introduction_id=intro.pk, note="I'll vouch for her.")
    Influence.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        trust.introduction_accept(member=chidi, introduction_id=intro.pk)
    counts = dict(Influence.objects.values_list("member__handle", "counts"))
    assert counts["ada"]["introductions_received"] == 1
    assert counts["ben"]["introductions_made"] == 1
    # The introduction itself is the event, whatever else its acceptance does (it also
    # opens a conversation, whose messages are events of their own).
    Influence.objects.all().delete()
    intro.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        intro.save()
    assert set(Influence.objects.values_list("member__handle", flat=True)) == {"ada", "ben"}


def _flushes(callbacks) -> int:
    return sum(1 for c in callbacks if getattr(c, "__qualname__", "") == "_Pending.flush")


def test_a_first_message_marks_its_writers_once(ada, ben, django_capture_on_commit_callbacks):
    # The message and the conversation it opens both name the pair: one mark after
    # the commit, not one per save.
    connect(ada, ben, days_ago=30)
    with django_capture_on_commit_callbacks() as callbacks:
        message_send(sender=ada, recipient=ben, text="Could we talk about the role?")
    assert _flushes(callbacks) == 1


def test_a_rolled_back_transaction_leaves_nothing_to_mark(
    ada, ben, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from rapport.influence.signals import _later

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                _later({ada.pk})
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        _later({ben.pk})
    # The rolled-back mark went with its savepoint; the next event registered anew.
    assert _flushes(callbacks) == 1
    assert not Influence.objects.filter(member=ada).exists()
    assert Influence.objects.filter(member=ben).exists()


def test_a_rolled_back_savepoint_takes_its_members_with_it(
    ada, ben, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from rapport.influence.signals import _later

    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        _later({ada.pk})
        try:
            with transaction.atomic():
                _later({ben.pk})
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert _flushes(callbacks) == 1
    assert Influence.objects.filter(member=ada).exists()
    assert not Influence.objects.filter(member=ben).exists()
