"""`rapport invitation`: each subcommand prints JSON lines; a refusal prints a JSON error on
stderr, exits with status 1 and changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from rapport.accounts.tests.factories import make_member
from rapport.invitations import services
from rapport.invitations.models import Invitation, InvitationMessage, State
from rapport.invitations.tests.factories import tighten
from rapport.limits.models import Standing
from rapport.network.models import Connection
from rapport.network.selectors import are_connected
from rapport.network.services import connection_create

pytestmark = pytest.mark.django_db
NOTE = "Hi Ben, we met at the Lagos design meetup; I'd like to keep in touch about your talk."
DAY = dt.timedelta(days=1)


def run(*args: str) -> list[dict[str, Any]]:
    """Run the command; every line it prints must be one JSON object."""
    out, err = StringIO(), StringIO()
    call_command("invitation", *args, stdout=out, stderr=err)
    assert err.getvalue() == ""
    return [json.loads(line) for line in out.getvalue().splitlines()]


def refused(*args: str) -> dict[str, Any]:
    """Run the command expecting a refusal: exit status 1, one JSON error on stderr only."""
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("invitation", *args, stdout=out, stderr=err)
    assert exc.value.code == 1
    assert out.getvalue() == ""
    (line,) = err.getvalue().splitlines()
    body = json.loads(line)
    assert set(body) >= {"error", "message"} and body["message"]
    return body


def snapshot() -> tuple[Any, ...]:
    return (
        list(Invitation.objects.order_by("pk").values_list("pk", "state", "decided_at", "note")),
        list(InvitationMessage.objects.values_list("pk", flat=True)),
        list(Connection.objects.values_list("member_low_id", "member_high_id")),
        list(Standing.objects.values_list("member_id", "restricted_until")),
    )


def invite(sender, recipient, note=NOTE, **kwargs):
    return services.invitation_send(sender=sender, recipient=recipient, note=note, **kwargs)


# --- send --------------------------------------------------------------------------------


def test_send_prints_the_invitation(ada, ben):
    (row,) = run(
        "send", "--from", "ada", "--to", "ben", "--note", NOTE, "--how", "event",
        "--detail", "Lagos design meetup",
    )  # fmt: skip
    invitation = Invitation.objects.get()
    assert row["id"] == invitation.pk
    assert (row["state"], row["sender"], row["recipient"], row["note"]) == (
        "pending",
        "ada",
        "ben",
        NOTE,
    )
    assert (row["how_we_know"], row["how_detail"], row["mutual"]) == (
        "event",
        "Lagos design meetup",
        None,
    )
    assert dt.datetime.fromisoformat(row["created_at"]) == invitation.created_at


def test_send_names_a_mutual_connection(ada, ben, chidi):
    connection_create(member=chidi, other=ada, source="operator", notify=False)
    connection_create(member=chidi, other=ben, source="operator", notify=False)
    (row,) = run("send", "--from", "ada", "--to", "ben", "--how", "mutual", "--mutual", "chidi")
    assert row["mutual"] == "chidi"


def test_send_with_the_email_reaches_a_member_who_asks_for_it(ada, ben):
    services.preferences_update(member=ben, who_may_invite="email", note_required=False)
    (row,) = run("send", "--from", "ada", "--to", "ben", "--email", "ben@example.com")
    assert row["state"] == "pending"
    assert Invitation.objects.get().email_confirmed


def test_send_to_someone_who_invited_you_accepts_theirs(ada, ben):
    theirs = invite(ben, ada)
    (row,) = run("send", "--from", "ada", "--to", "ben")
    assert (row["id"], row["state"], row["sender"]) == (theirs.pk, "accepted", "ben")
    assert are_connected(ada.pk, ben.pk)


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("--to", "ben"), "invitation.pending"),
        (("--to", "ada"), "invitation.self"),
        (("--to", "nobody"), "member.not_found"),
        (("--to", "chidi", "--how", "mutual"), "invitation.mutual_required"),
        (("--to", "chidi", "--how", "mutual", "--mutual", "nobody"), "member.not_found"),
        (("--to", "chidi", "--note", "x" * 301), "invitation.note_too_long"),
    ],
)
def test_send_refusals_print_the_code_and_change_nothing(ada, ben, chidi, args, code):
    invite(ada, ben)
    before = snapshot()
    assert refused("send", "--from", "ada", *args)["error"] == code
    assert snapshot() == before


def test_send_from_an_unknown_member_is_refused(ben):
    assert refused("send", "--from", "nobody", "--to", "ben")["error"] == "member.not_found"
    assert not Invitation.objects.exists()


def test_send_over_the_daily_limit_is_refused_with_its_code(ada, ben, chidi):
    tighten(daily_cap=1)
    invite(ada, chidi)
    before = snapshot()
    assert refused("send", "--from", "ada", "--to", "ben")["error"] == "invitation.day_limit"
    assert snapshot() == before


@pytest.mark.parametrize(
    "args",
    [
        ("send", "--from", "ada", "--to", "ben", "--how", "friends"),
        ("send", "--to", "ben"),
        ("accept", "--as", "ben", "one"),
        ("accept", "1"),
        ("promote", "--as", "ben", "1"),
        (),
    ],
)
def test_usage_errors_are_command_errors_and_change_nothing(ada, ben, args):
    before = snapshot()
    with pytest.raises(CommandError):
        call_command("invitation", *args, stdout=StringIO(), stderr=StringIO())
    assert snapshot() == before


# --- answers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "state"),
    [
        ("accept", State.ACCEPTED),
        ("ignore", State.IGNORED),
        ("decline", State.DECLINED),
        ("report", State.REPORTED),
    ],
)
def test_the_recipient_answers(ada, ben, action, state):
    invitation = invite(ada, ben)
    (row,) = run(action, "--as", "ben", str(invitation.pk))
    assert (row["id"], row["state"]) == (invitation.pk, state)
    invitation.refresh_from_db()
    assert invitation.state == state
    assert are_connected(ada.pk, ben.pk) is (state == State.ACCEPTED)


def test_the_sender_withdraws(ada, ben):
    invitation = invite(ada, ben)
    (row,) = run("withdraw", "--as", "ada", str(invitation.pk))
    assert row["state"] == "withdrawn"


@pytest.mark.parametrize(
    ("action", "member", "code"),
    [
        ("accept", "ada", "invitation.not_found"),  # the sender cannot accept their own
        ("decline", "chidi", "invitation.not_found"),  # nor can a third member answer
        ("withdraw", "ben", "invitation.not_found"),  # only the sender withdraws
        ("ignore", "nobody", "member.not_found"),
    ],
)
def test_answers_by_the_wrong_member_change_nothing(ada, ben, chidi, action, member, code):
    invitation = invite(ada, ben)
    before = snapshot()
    assert refused(action, "--as", member, str(invitation.pk))["error"] == code
    assert snapshot() == before


def test_answering_twice_is_refused(ada, ben):
    invitation = invite(ada, ben)
    run("ignore", "--as", "ben", str(invitation.pk))
    before = snapshot()
    assert refused("accept", "--as", "ben", str(invitation.pk))["error"] == (
        "invitation.bad_transition"
    )
    assert snapshot() == before


def test_an_unknown_invitation_is_refused(ben):
    assert refused("accept", "--as", "ben", "424242")["error"] == "invitation.not_found"


# --- list --------------------------------------------------------------------------------


def test_list_shows_pending_invitations_to_the_member(ada, ben, chidi):
    first = invite(ada, ben)
    second = invite(chidi, ben)
    dora = make_member("dora", "Dora Explorer")
    services.invitation_ignore(member=ben, invitation_id=invite(dora, ben, note="").pk)
    invite(ben, make_member("eve", "Eve Online"))  # sent by Ben, not to him
    rows = run("list", "--for", "ben")
    assert [(r["id"], r["sender"], r["recipient"]) for r in rows] == [
        (second.pk, "chidi", "ben"),
        (first.pk, "ada", "ben"),
    ]


def test_list_sent_shows_pending_or_all(ada, ben, chidi):
    answered = invite(ada, ben)
    services.invitation_accept(member=ben, invitation_id=answered.pk)
    waiting = invite(ada, chidi)
    assert [r["id"] for r in run("list", "--for", "ada", "--sent")] == [waiting.pk]
    every = run("list", "--for", "ada", "--sent", "--all")
    assert [(r["id"], r["state"]) for r in every] == [
        (waiting.pk, "pending"),
        (answered.pk, "accepted"),
    ]


def test_list_of_nothing_prints_nothing(ada):
    assert run("list", "--for", "ada") == []


def test_list_all_without_sent_is_refused(ada):
    assert refused("list", "--for", "ada", "--all")["error"] == "command.usage"


# --- standing and expiry -----------------------------------------------------------------


def test_standing_prints_the_report(ada, ben, chidi):
    services.invitation_accept(member=ben, invitation_id=invite(ada, ben).pk)
    services.invitation_decline(member=chidi, invitation_id=invite(ada, chidi).pk)
    (row,) = run("standing", "ada")
    assert (row["band"], row["acceptance_rate"], row["decided"], row["negative_answers"]) == (
        "good",
        0.5,
        2,
        1,
    )
    assert (row["weekly_cap"], row["daily_cap"], row["restricted"]) == (100, 25, False)
    assert isinstance(row["warnings"], list) and isinstance(row["lifts"], list)


def test_standing_of_an_unknown_member_is_refused(db):
    assert refused("standing", "nobody")["error"] == "member.not_found"


def test_expire_expires_old_invitations_and_lifts_due_restrictions(ada, ben, chidi):
    tighten(restrict_negatives=1, restriction_days=30)
    long_ago = timezone.now() - 100 * DAY
    old = services.invitation_send(sender=ada, recipient=ben, note=NOTE, now=long_ago)
    fresh = invite(chidi, ben)
    spam = services.invitation_send(sender=chidi, recipient=ada, note="", now=long_ago)
    services.invitation_report(member=ada, invitation_id=spam.pk, now=long_ago)
    assert Standing.objects.get(member=chidi).restricted_until is not None
    assert run("expire") == [{"expired": 1, "lifted": 1}]
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.state, fresh.state) == (State.EXPIRED, State.PENDING)
    assert Standing.objects.get(member=chidi).restricted_until is None
    assert run("expire") == [{"expired": 0, "lifted": 0}]
