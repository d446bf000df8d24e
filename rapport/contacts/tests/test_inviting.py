"""Inviting from an address book: members only, within standing; join e-mails only if on."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from rapport.accounts.models import EmailFindable, User
from rapport.accounts.tests.factories import make_member
from rapport.contacts.models import ImportedContact, JoinInvitation
from rapport.contacts.services import (
    JoinsSent,
    contacts_invite,
    join_opt_out,
    join_opt_out_token,
    joins_invite,
)
from rapport.contacts.tests.factories import imported, linkedin
from rapport.core.errors import PermissionDenied
from rapport.invitations.models import Invitation
from rapport.invitations.tests.factories import T0, tighten
from rapport.limits.models import Standing

pytestmark = pytest.mark.django_db


@pytest.fixture
def five(ada):
    """Five members who let everyone find them, and two people not on Rapport, in Ada's book."""
    people = [make_member(f"m{i}", f"Member {i}") for i in range(5)]
    User.objects.filter(pk__in=[p.pk for p in people]).update(email_findable=EmailFindable.EVERYONE)
    rows = [("Member", f"{i}", f"m{i}@example.com", "") for i in range(5)]
    rows += [
        ("Out", "Side", "out@elsewhere.example", ""),
        ("Far", "Away", "far@elsewhere.example", ""),
    ]
    imported(ada, linkedin(rows))
    return list(ImportedContact.objects.filter(owner=ada).values_list("pk", flat=True))


def test_bulk_invite_sends_what_standing_allows_and_says_when_the_rest_can_go(ada, five) -> None:
    tighten(daily_cap=3)
    result = contacts_invite(sender=ada, contact_ids=five, now=T0)
    assert result.can_now == 3
    assert result.sent == ["Member 0", "Member 1", "Member 2"]
    assert result.waiting == ["Member 3", "Member 4"]
    assert result.next_at == T0 + dt.timedelta(days=1)
    assert result.not_members == 2
    assert Invitation.objects.filter(sender=ada).count() == 3
    assert "2 more can go from" in result.summary()
    assert mail.outbox == []  # nobody outside Rapport was e-mailed


def test_a_second_bulk_invite_the_same_day_sends_nothing_more(ada, five) -> None:
    tighten(daily_cap=3)
    contacts_invite(sender=ada, contact_ids=five, now=T0)
    again = contacts_invite(sender=ada, contact_ids=five, now=T0 + dt.timedelta(hours=1))
    assert again.sent == []
    assert Invitation.objects.filter(sender=ada).count() == 3


def test_someone_elses_contacts_cannot_be_invited_from(ada, ben, five) -> None:
    result = contacts_invite(sender=ben, contact_ids=five, now=T0)
    assert (result.sent, result.not_members) == ([], 0)
    assert not Invitation.objects.exists()


def test_join_invitations_are_off_unless_the_operator_turns_them_on(ada, five) -> None:
    with pytest.raises(PermissionDenied) as caught:
        joins_invite(sender=ada, contact_ids=five)
    assert caught.value.code == "contacts.joins_off"
    assert mail.outbox == []


def test_join_invitations_are_capped_per_week_and_respect_the_opt_out_list(
    limit, ada, five, settings, django_capture_on_commit_callbacks
) -> None:
    settings.RAPPORT = {**settings.RAPPORT, "CONTACTS_JOIN_INVITATIONS": True}
    limit("contacts.joins_per_week", 1)
    join_opt_out(token=join_opt_out_token("Far@Elsewhere.example"))
    with django_capture_on_commit_callbacks(execute=True):
        sent = joins_invite(sender=ada, contact_ids=five, site="https://r.example", now=T0)
        assert sent.sent == 1
    assert [m.to for m in mail.outbox] == [["out@elsewhere.example"]]
    assert "https://r.example/contacts/opt-out/" in mail.outbox[0].body
    assert (
        "opt-out" in mail.outbox[0].body.lower() or "never receive" in mail.outbox[0].body.lower()
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert joins_invite(sender=ada, contact_ids=five, now=T0 + dt.timedelta(days=8)).sent == 0
    assert JoinInvitation.objects.count() == 1  # Far opted out; Out was already invited once


@pytest.fixture
def joins_on(limit, settings):
    settings.RAPPORT = {**settings.RAPPORT, "CONTACTS_JOIN_INVITATIONS": True}
    limit("contacts.joins_per_week", 2)


def _outsiders(owner: User, n: int) -> list[int]:
    imported(
        owner, linkedin([("Out", f"Sider{i}", f"out{i}@elsewhere.example", "") for i in range(n)])
    )
    return list(ImportedContact.objects.filter(owner=owner).values_list("pk", flat=True))


def test_the_weekly_join_allowance_is_taken_like_every_allowance(ada, joins_on) -> None:
    ids = _outsiders(ada, 5)
    first = joins_invite(sender=ada, contact_ids=ids, now=T0)
    assert (first.sent, first.waiting, first.next_at) == (2, 3, T0 + dt.timedelta(days=7))
    assert "3 more can go from" in first.summary()
    held = joins_invite(sender=ada, contact_ids=ids, now=T0 + dt.timedelta(days=6))
    assert (held.sent, held.waiting) == (0, 3)
    later = joins_invite(sender=ada, contact_ids=ids, now=T0 + dt.timedelta(days=7, hours=1))
    assert (later.sent, later.waiting) == (2, 1)
    assert JoinInvitation.objects.filter(sender=ada).count() == 4


def test_a_restricted_sender_cannot_invite_by_e_mail_either(ada, joins_on) -> None:
    ids = _outsiders(ada, 3)
    Standing.objects.update_or_create(
        member=ada,
        defaults={"restricted_at": T0, "restricted_until": timezone.now() + dt.timedelta(days=3)},
    )
    with pytest.raises(PermissionDenied) as caught:
        joins_invite(sender=ada, contact_ids=ids, now=T0)
    assert caught.value.code == "contacts.joins_restricted"
    assert not JoinInvitation.objects.exists()


def test_the_queries_do_not_grow_with_the_selection(ada, joins_on) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def run(n: int, week: int) -> tuple[int, JoinsSent]:
        ImportedContact.objects.filter(owner=ada).delete()
        rows = [("Out", f"W{week}n{i}", f"w{week}n{i}@elsewhere.example", "") for i in range(n)]
        imported(ada, linkedin(rows))
        ids = list(ImportedContact.objects.filter(owner=ada).values_list("pk", flat=True))
        with CaptureQueriesContext(connection) as queries:
            result = joins_invite(sender=ada, contact_ids=ids, now=T0 + dt.timedelta(days=8 * week))
        return len(queries.captured_queries), result

    run(3, 0)  # the first send sets up the sender's allowance
    few, small = run(5, 1)
    many, big = run(40, 2)
    assert (small.sent, small.waiting, big.sent, big.waiting) == (2, 3, 2, 38)
    assert many == few
