"""Request and response shapes for invitations, the note coach, standing and preferences.

Lengths match the model columns (note 300, how_detail 120, a thread message 500,
an appeal 2000) and choices come from the model enums, so what the API accepts
is what the database can hold. Refusals beyond shape (an empty message, a note
that is too long once cleaned, an appeal too short) are the services' to make,
with their own codes.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, StrictInt, StringConstraints

from rapport.core.api_schemas import WHOLE, Id, Line, PageQuery, StrictInput, Text
from rapport.invitations.models import HowWeKnow, Invitation, InvitationMessage, State, WhoMayInvite
from rapport.invitations.selectors import Card, Shared, StandingReport, state_seen_by
from rapport.invitations.services.lifecycle import MESSAGE_MAX, NOTE_MAX
from rapport.members.api_schemas import MemberCard

if TYPE_CHECKING:
    HowChoice = str
    WhoChoice = str
    StateChoice = str
else:
    HowChoice = Literal[tuple(HowWeKnow.values)]
    WhoChoice = Literal[tuple(WhoMayInvite.values)]
    # A sender sees "not_accepted" in place of the recipient's private answer.
    StateChoice = Literal[(*State.values, "not_accepted")]

Band = Literal["good", "fair", "poor"]
# A member's handle in a request body: the same rule as in a URL.
Handle = Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Za-z0-9-]{1,30}$")]
APPEAL_MAX = 2000
# The live coach reads what the sender is typing, which may run past the note's limit.
COACH_TEXT_MAX = 2000
WITHDRAW_DAYS_MAX = 365
BULK_MAX = 500


# --- requests ----------------------------------------------------------------------------


class InvitationIn(StrictInput):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "handle": "ben",
                    "note": "Hi Ben, we met at the Lagos design meetup; I'd like to keep in touch.",
                    "how_we_know": "event",
                    "how_detail": "Lagos design meetup",
                }
            ]
        }
    )

    handle: Handle = Field(description="Whom to invite.")
    note: Annotated[Text, Field(max_length=NOTE_MAX)] = Field(
        "", description="Say how you know each other and why you want to connect."
    )
    how_we_know: HowChoice
    how_detail: Annotated[Line, Field(max_length=120)] = Field(
        "", description="The employer, school, event or group you share."
    )
    mutual: Handle | None = Field(
        None, description="With `how_we_know: mutual`: the connection you share."
    )
    recipient_email: Annotated[Line, Field(max_length=254)] | None = Field(
        None,
        description="Their email address: needed when they accept invitations only from people "
        "who know it, or while your invitations are restricted.",
    )


class MessageIn(StrictInput):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"text": "Hi Ada, could you remind me how we met?"}]}
    )

    text: Annotated[Text, Field(max_length=MESSAGE_MAX)]


class IgnoreIn(StrictInput):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"ids": [1, 2]}, {"default_text": True}]}
    )

    ids: Annotated[list[Id], Field(max_length=BULK_MAX)] | None = Field(
        None, description="The pending invitations to you to ignore."
    )
    default_text: bool = Field(
        False,
        description="Ignore every pending invitation whose note is default text (with `ids`: "
        "only those of them).",
    )


class WithdrawOlderIn(StrictInput):
    model_config = ConfigDict(json_schema_extra={"examples": [{"days": 30}]})

    days: Annotated[StrictInt, Field(ge=0, le=WITHDRAW_DAYS_MAX), WHOLE] = Field(
        description="Withdraw your pending invitations sent at least this many days ago."
    )


class CoachIn(StrictInput):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"text": "Hi Ben, we met at PyCon Lagos.", "handle": "ben"}]
        }
    )

    text: Annotated[Text, Field(max_length=COACH_TEXT_MAX)]
    handle: Handle | None = Field(
        None, description="The member you are writing to, so the coach knows what you share."
    )


class PreferencesIn(StrictInput):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"who_may_invite": "mutual", "note_required": True}]}
    )

    who_may_invite: WhoChoice
    note_required: bool


class AppealIn(StrictInput):
    text: Annotated[Text, Field(max_length=APPEAL_MAX)] = Field(
        description="Why the limit on your invitations should lift (at least 20 characters)."
    )


class ReceivedQuery(PageQuery):
    sort: Literal["best", "newest"] = Field(
        "best", description="`best`: personal notes and shared history first."
    )
    show: Literal["all", "personal", "default"] = Field(
        "all", description="`personal` or `default`: only notes the coach found so."
    )


class SentQuery(PageQuery):
    state: Literal["pending", "all"] = "pending"


# --- responses ---------------------------------------------------------------------------


class MemberBrief(Schema):
    handle: str
    display_name: str


class InvitationOut(Schema):
    id: int
    state: StateChoice
    sender: MemberCard
    recipient: MemberCard
    note: str
    how_we_know: HowChoice
    how_detail: str
    mutual: MemberBrief | None = Field(description="The mutual connection the sender named.")
    created_at: dt.datetime
    decided_at: dt.datetime | None


class ThreadMessageOut(Schema):
    id: int
    author: MemberBrief
    text: str
    created_at: dt.datetime


class InvitationDetailOut(InvitationOut):
    role: Literal["sender", "recipient"] = Field(description="Which side of it you are.")
    thread: list[ThreadMessageOut] = Field(description='The "how do we know each other?" thread.')


class SharedOut(Schema):
    mutual_count: int
    mutual: list[MemberBrief] = Field(description="The first few mutual connections, by name.")
    employers: list[str]
    schools: list[str]
    groups: list[str] = Field(description="Groups you are both members of.")


class CoachVerdict(Schema):
    default_text: bool
    pitch: bool
    personalization: int = Field(description="0–100: how personal the note is.")
    reasons: list[str]


class ReceivedOut(Schema):
    invitation: InvitationOut
    shared: SharedOut = Field(description="What you and the sender share.")
    coach: CoachVerdict
    band: Band = Field(description="The sender's standing, as a band: never their numbers.")
    messages: int = Field(description="Messages in the invitation's thread.")


class SignalOut(Schema):
    points: int
    phrases: list[str]


class PitchSignalOut(Schema):
    name: str
    kind: str
    phrase: str
    weight: float


class DefaultMatchOut(Schema):
    phrase: str
    coverage: float


class CoachOut(CoachVerdict):
    band: Literal["low", "medium", "high"]
    signals: dict[str, SignalOut]
    missing: list[str] = Field(description="What would make the note more personal.")
    pitch_score: float
    pitch_signals: list[PitchSignalOut]
    default_match: DefaultMatchOut | None


class IgnoredOut(Schema):
    ignored: int


class WithdrawnOut(Schema):
    withdrawn: int


class StandingOut(Schema):
    band: Band
    acceptance_rate: float | None = Field(
        description="Accepted ÷ answered over the policy window; null before any answer."
    )
    decided: int
    accepted: int
    negative_answers: int = Field(
        description="Distinct members who answered “I don't know this person” or reported you."
    )
    throttled: bool
    restricted: bool
    restricted_until: dt.datetime | None
    weekly_left: int
    weekly_cap: int
    daily_left: int
    daily_cap: int
    pending: int
    warnings: list[str]
    lifts: list[str] = Field(description="What will lift each limit that applies.")


class PreferencesOut(Schema):
    who_may_invite: WhoChoice
    note_required: bool


class AppealOut(Schema):
    id: int
    state: str
    text: str
    created_at: dt.datetime


# --- shaping -----------------------------------------------------------------------------

Cards = dict[int, dict[str, Any]]


def brief_of(card: dict[str, Any]) -> dict[str, str]:
    return {"handle": card["handle"], "display_name": card["display_name"]}


def invitation_out(invitation: Invitation, cards: Cards, *, viewer_id: int) -> dict[str, Any]:
    """`cards` holds a member card for sender, recipient and mutual, loaded in one batch.

    The sender sees "not_accepted" for an ignored, declined or reported invitation.
    """
    mutual = cards.get(invitation.mutual_id) if invitation.mutual_id else None
    return {
        "id": invitation.pk,
        "state": state_seen_by(invitation, viewer_id),
        "sender": cards[invitation.sender_id],
        "recipient": cards[invitation.recipient_id],
        "note": invitation.note,
        "how_we_know": invitation.how_we_know,
        "how_detail": invitation.how_detail,
        "mutual": brief_of(mutual) if mutual else None,
        "created_at": invitation.created_at,
        "decided_at": invitation.decided_at,
    }


def message_out(message: InvitationMessage) -> dict[str, Any]:
    return {
        "id": message.pk,
        "author": {"handle": message.author.handle, "display_name": message.author.display_name},
        "text": message.text,
        "created_at": message.created_at,
    }


def shared_out(shared: Shared) -> dict[str, Any]:
    return {
        "mutual_count": shared.mutual_count,
        "mutual": [{"handle": m.handle, "display_name": m.display_name} for m in shared.mutual[:3]],
        "employers": list(shared.employers),
        "schools": list(shared.schools),
        "groups": list(shared.groups),
    }


def received_out(card: Card, cards: Cards) -> dict[str, Any]:
    coach = card.coach
    return {
        "invitation": invitation_out(
            card.invitation, cards, viewer_id=card.invitation.recipient_id
        ),
        "shared": shared_out(card.shared),
        "coach": {
            "default_text": coach.default_text,
            "pitch": coach.pitch,
            "personalization": coach.personalization,
            "reasons": list(coach.reasons),
        },
        "band": card.band,
        "messages": len(card.messages),
    }


def standing_out(report: StandingReport) -> dict[str, Any]:
    """A sender's own standing: only ever shown to that sender."""
    return {
        "band": report.band,
        "acceptance_rate": report.rate,
        "decided": report.decided,
        "accepted": report.accepted,
        "negative_answers": report.negatives,
        "throttled": report.throttled,
        "restricted": report.restricted,
        "restricted_until": report.restricted_until,
        "weekly_left": report.weekly.left,
        "weekly_cap": report.weekly_cap,
        "daily_left": report.daily.left,
        "daily_cap": report.daily_cap,
        "pending": report.pending,
        "warnings": list(report.warnings),
        "lifts": list(report.lifts),
    }
