"""Invitations over the API: send, answer, the thread, the coach, standing and preferences.

The same services and selectors as the pages, so every rule (who may invite,
quotas, restrictions, who may write in a thread) is written once. Someone
else's invitation is "not found", never "forbidden", so ids reveal nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from rapport.accounts.api import member_of
from rapport.accounts.models import User
from rapport.core.api import page_of
from rapport.core.api_schemas import PageOut, PathId, errors
from rapport.core.errors import NotFound, ValidationFailed
from rapport.invitations import selectors, services
from rapport.invitations.api_schemas import (
    AppealIn,
    AppealOut,
    Cards,
    CoachIn,
    CoachOut,
    IgnoredOut,
    IgnoreIn,
    InvitationDetailOut,
    InvitationIn,
    InvitationOut,
    MessageIn,
    PreferencesIn,
    PreferencesOut,
    ReceivedOut,
    ReceivedQuery,
    SentQuery,
    StandingOut,
    ThreadMessageOut,
    WithdrawnOut,
    WithdrawOlderIn,
    invitation_out,
    message_out,
    received_out,
    standing_out,
)
from rapport.invitations.coach import NoteContext, analyze_note
from rapport.invitations.models import Invitation, InvitationPreferences, State, WhoMayInvite
from rapport.members.api_schemas import member_card
from rapport.members.selectors import cards_of, member_by_handle

router = Router(tags=["invitations"])


def _member(handle: str) -> User:
    member = member_by_handle(handle)
    if member is None:
        raise NotFound("No member with that handle.", code="member.not_found")
    return member


def _cards(invitations: Iterable[Invitation]) -> Cards:
    """Member cards for everyone the invitations name, in two queries whatever their number."""
    ids = set()
    for invitation in invitations:
        ids |= {invitation.sender_id, invitation.recipient_id}
        if invitation.mutual_id:
            ids.add(invitation.mutual_id)
    if not ids:
        return {}
    return {pk: member_card(m) for pk, m in cards_of(sorted(ids)).items()}


def _one(invitation: Invitation, viewer: User) -> dict[str, Any]:
    return invitation_out(invitation, _cards([invitation]), viewer_id=viewer.pk)


def _many(invitations: list[Invitation], viewer: User) -> list[dict[str, Any]]:
    cards = _cards(invitations)
    return [invitation_out(i, cards, viewer_id=viewer.pk) for i in invitations]


# Paths without an id come first: `/invitations/{invitation_id}` would otherwise claim them.


@router.post(
    "/invitations",
    response={200: InvitationOut, 201: InvitationOut, **errors(400, 404, 409, 429)},
)
def invitation_send(request: HttpRequest, payload: InvitationIn) -> Status[dict[str, Any]]:
    """Invite a member to connect: 201 with the new invitation.

    When they had already invited you, this accepts their invitation instead:
    200 with theirs, in state `accepted` — you are connected. Refusals keep the
    service's codes, e.g. `invitation.pending`, `invitation.cooldown`,
    `invitation.not_accepted`, `invitation.needs_mutual`, `invitation.email_required`,
    `invitation.note_required`, `invitation.restricted` (400/409), and
    `invitation.day_limit` / `invitation.week_limit` (429).
    """
    me = member_of(request)
    recipient = _member(payload.handle)
    mutual = None
    if payload.mutual is not None:
        mutual = member_by_handle(payload.mutual)
        if mutual is None:
            raise ValidationFailed(
                "No member with that handle to name as your mutual connection.",
                code="invitation.mutual_invalid",
                field="mutual",
            )
    invitation = services.invitation_send(
        sender=me,
        recipient=recipient,
        note=payload.note,
        how_we_know=payload.how_we_know,
        how_detail=payload.how_detail,
        mutual=mutual,
        recipient_email=payload.recipient_email,
    )
    status = 200 if invitation.state == State.ACCEPTED else 201
    return Status(status, _one(invitation, me))


@router.get("/invitations/received", response={200: PageOut[ReceivedOut], **errors()})
def invitations_received(request: HttpRequest, query: Query[ReceivedQuery]) -> dict[str, Any]:
    """Pending invitations to you, as cards: what you share with the sender, the coach's
    verdict on the note, and the sender's standing as a band (good, fair, poor)."""
    cards = selectors.inbox(member_of(request), sort=query.sort, show=query.show)

    def render(page: list[Any]) -> list[dict[str, Any]]:
        members = _cards(card.invitation for card in page)
        return [received_out(card, members) for card in page]

    return page_of(cards, page=query.page, size=query.size, render_many=render)


@router.get("/invitations/sent", response={200: PageOut[InvitationOut], **errors()})
def invitations_sent(request: HttpRequest, query: Query[SentQuery]) -> dict[str, Any]:
    """Invitations you sent, newest first: the pending ones, or `?state=all`."""
    sent = selectors.sent_by(
        member_of(request), state=State.PENDING if query.state == "pending" else None
    )
    me = member_of(request)
    return page_of(
        sent, page=query.page, size=query.size, render_many=lambda items: _many(items, me)
    )


@router.post("/invitations/ignore", response={200: IgnoredOut, **errors(400)})
def invitations_ignore(request: HttpRequest, payload: IgnoreIn) -> dict[str, int]:
    """Ignore many pending invitations to you at once: those in `ids`, or (`default_text: true`)
    every one whose note is default text. Senders are not told."""
    if payload.ids is None and not payload.default_text:
        raise ValidationFailed(
            "Give the `ids` to ignore, or `default_text: true` to ignore every invitation "
            "whose note is default text.",
            code="invitation.ignore_nothing",
        )
    count = services.invitations_ignore_many(
        member=member_of(request), ids=payload.ids, default_text_only=payload.default_text
    )
    return {"ignored": count}


@router.post("/invitations/coach", response={200: CoachOut, **errors(404)})
def invitation_coach(request: HttpRequest, payload: CoachIn) -> dict[str, Any]:
    """The note coach on a draft: default text? a sales pitch? how personal, and why?

    Name the recipient (`handle`) and it also checks the note against the names,
    employers and schools you really share.
    """
    me = member_of(request)
    if payload.handle is not None:
        context = selectors.note_context(sender=me, recipient=_member(payload.handle))
    else:
        context = NoteContext(sender_name=me.display_name)
    return analyze_note(payload.text, context).as_dict()


@router.get("/invitations/{invitation_id}", response={200: InvitationDetailOut, **errors(404)})
def invitation_detail(request: HttpRequest, invitation_id: PathId) -> dict[str, Any]:
    """An invitation you sent or received, with its thread."""
    me = member_of(request)
    invitation = selectors.invitation_for(me, invitation_id)
    if invitation is None:
        raise NotFound("No such invitation.", code="invitation.not_found")
    return {
        **_one(invitation, me),
        "role": "sender" if invitation.sender_id == me.pk else "recipient",
        "thread": [message_out(m) for m in selectors.thread(invitation)],
    }


Answer = Callable[..., Invitation]


def _answer(request: HttpRequest, service: Answer, invitation_id: int) -> dict[str, Any]:
    me = member_of(request)
    return _one(service(member=me, invitation_id=invitation_id), me)


ANSWER_ERRORS = errors(404, 409)


@router.post("/invitations/{invitation_id}/accept", response={200: InvitationOut, **ANSWER_ERRORS})
def invitation_accept(request: HttpRequest, invitation_id: PathId) -> dict[str, Any]:
    """Accept an invitation to you: you are connected, and the sender is told."""
    return _answer(request, services.invitation_accept, invitation_id)


@router.post("/invitations/{invitation_id}/ignore", response={200: InvitationOut, **ANSWER_ERRORS})
def invitation_ignore(request: HttpRequest, invitation_id: PathId) -> dict[str, Any]:
    """Ignore an invitation to you. The sender is not told."""
    return _answer(request, services.invitation_ignore, invitation_id)


@router.post("/invitations/{invitation_id}/decline", response={200: InvitationOut, **ANSWER_ERRORS})
def invitation_decline(request: HttpRequest, invitation_id: PathId) -> dict[str, Any]:
    """Answer "I don't know this person": the sender may not invite you again."""
    return _answer(request, services.invitation_decline, invitation_id)


@router.post("/invitations/{invitation_id}/report", response={200: InvitationOut, **ANSWER_ERRORS})
def invitation_report(request: HttpRequest, invitation_id: PathId) -> dict[str, Any]:
    """Report an invitation to you as spam; moderators see it."""
    return _answer(request, services.invitation_report, invitation_id)


@router.post(
    "/invitations/{invitation_id}/withdraw", response={200: InvitationOut, **ANSWER_ERRORS}
)
def invitation_withdraw(request: HttpRequest, invitation_id: PathId) -> dict[str, Any]:
    """Withdraw an invitation you sent that is still pending."""
    return _answer(request, services.invitation_withdraw, invitation_id)


@router.post(
    "/invitations/{invitation_id}/messages",
    response={201: ThreadMessageOut, **errors(400, 403, 404, 409)},
)
def invitation_message(
    request: HttpRequest, invitation_id: PathId, payload: MessageIn
) -> Status[dict[str, Any]]:
    """Write in the "how do we know each other?" thread of a pending invitation.

    The recipient asks first; then sender and recipient take turns, up to the
    policy's thread limit (`invitation.thread_not_started`, `invitation.thread_full`).
    """
    message = services.invitation_message_add(
        member=member_of(request), invitation_id=invitation_id, text=payload.text
    )
    return Status(201, message_out(message))


@router.post("/me/invitations/withdraw-older", response={200: WithdrawnOut, **errors(400)})
def invitations_withdraw_older(request: HttpRequest, payload: WithdrawOlderIn) -> dict[str, int]:
    """Withdraw every pending invitation you sent at least `days` days ago."""
    count = services.invitations_withdraw_older(member=member_of(request), days=payload.days)
    return {"withdrawn": count}


@router.get("/me/standing", response={200: StandingOut, **errors()})
def standing(request: HttpRequest) -> dict[str, Any]:
    """Your standing as a sender: your numbers, the limits that apply, and what lifts them.

    Only you see these numbers; recipients see a band (good, fair, poor).
    """
    return standing_out(selectors.standing_for(member_of(request)))


def _preferences(prefs: InvitationPreferences | None) -> dict[str, Any]:
    if prefs is None:
        return {"who_may_invite": WhoMayInvite.ANYONE.value, "note_required": False}
    return {"who_may_invite": prefs.who_may_invite, "note_required": prefs.note_required}


@router.get("/me/invitation-preferences", response={200: PreferencesOut, **errors()})
def preferences(request: HttpRequest) -> dict[str, Any]:
    """Who may invite you, and whether an invitation must carry a personal note."""
    return _preferences(InvitationPreferences.objects.filter(member=member_of(request)).first())


@router.put("/me/invitation-preferences", response={200: PreferencesOut, **errors(400)})
def preferences_update(request: HttpRequest, payload: PreferencesIn) -> dict[str, Any]:
    """Choose who may invite you (`anyone`, `mutual`, `email`) and whether a note is required."""
    prefs = services.preferences_update(
        member=member_of(request),
        who_may_invite=payload.who_may_invite,
        note_required=payload.note_required,
    )
    return _preferences(prefs)


@router.post("/me/appeals", response={201: AppealOut, **errors(400, 409)})
def appeal_submit(request: HttpRequest, payload: AppealIn) -> Status[dict[str, Any]]:
    """Ask the moderators to lift a limit on your invitations (`appeal.nothing_to_appeal`
    when none applies, `appeal.pending` while an earlier appeal waits)."""
    appeal = services.appeal_submit(member=member_of(request), text=payload.text)
    return Status(
        201,
        {
            "id": appeal.pk,
            "state": appeal.state,
            "text": appeal.text,
            "created_at": appeal.created_at,
        },
    )
