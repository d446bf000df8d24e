"""Warm introductions: ask along a chain of connections, each hop consenting in turn.

Seed 004's Kevin Bacon story fails at a weak tie, and seed 003 says a connection who
vouches for you beats any cold message. So a request names why the requester wants to
meet the target and what is in it for them; each introducer sees it only once the one
before them has forwarded it, adds their own note or declines; the target accepts (a
conversation opens with the requester and the introducers) or declines.

Limits, in the database: open requests per requester are slots (a unique constraint
on requester and slot number, given back when the request ends); requests asked of one
introducer per rolling week are quota slots taken by a conditional update.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from rapport.accounts.models import User
from rapport.accounts.services import members_lock
from rapport.conversations.services import group_conversation_open
from rapport.core.errors import Conflict, LimitReached, NotFound, PermissionDenied, ValidationFailed
from rapport.core.text import clean_paragraphs
from rapport.invitations.models import QuotaKind
from rapport.invitations.selectors.standing import standing_for
from rapport.invitations.services.quota import slot_take
from rapport.network.selectors import are_connected, is_blocked_between
from rapport.notifications.services import notification_send
from rapport.trust import notification_kinds as kinds
from rapport.trust.models import (
    Introduction,
    IntroductionState,
    IntroductionStep,
    StepRole,
    StepState,
)
from rapport.trust.selectors.introductions import path_proposals
from rapport.trust.states import INTRODUCTION, STEP

REASON_MAX = 1000
NOTE_MAX = 500


def _limits() -> dict[str, int]:
    return settings.RAPPORT


def _text(value: str, *, field: str, what: str, most: int, least: int = 1) -> str:
    text = clean_paragraphs(value)
    if len(text) < least:
        raise ValidationFailed(
            f"Say {what} (at least {least} characters).",
            code="introduction.text_required",
            field=field,
        )
    if len(text) > most:
        raise ValidationFailed(
            f"Keep {what} to {most} characters; yours has {len(text)}.",
            code="introduction.text_too_long",
            field=field,
        )
    return text


def _url(intro: Introduction) -> str:
    return reverse("trust:introduction", args=[intro.pk])


def _notify(recipient: User, kind: str, actor: User | None, intro: Introduction) -> None:
    url = _url(intro)
    transaction.on_commit(
        lambda: notification_send(
            recipient=recipient, kind=kind, actor=actor, target=intro, url=url
        )
    )


def _ask(step: IntroductionStep, intro: Introduction, *, by: User, now: dt.datetime) -> None:
    """Contact the next person in the chain: only now do they see the request.

    Checked again now, not only when the route was chosen: the one passing it on must
    still be connected to them, and nobody blocked or left in the meantime.
    """
    person = step.member
    if (
        not person.is_active
        or not are_connected(by.pk, person.pk)
        or is_blocked_between(person.pk, intro.requester_id)
    ):
        raise Conflict(
            f"{person.display_name} can no longer be reached this way. Decline the request "
            "instead; the requester hears only that it could not go ahead.",
            code="introduction.unreachable",
        )
    if step.role == StepRole.INTRODUCER:
        slot_take(
            member=step.member,
            kind=QuotaKind.INTRODUCTIONS,
            cap=_limits()["INTRODUCTIONS_PER_INTRODUCER_WEEK"],
            now=now,
            code="introduction.introducer_busy",
            message=(
                f"{person.display_name} has been asked for as many introductions as Rapport "
                "lets anyone be asked in a week. Try again in a few days, or decline."
            ),
        )
    STEP.transition(step, StepState.ASKED)
    step.asked_at = now
    step.due_at = now + dt.timedelta(days=_limits()["INTRODUCTION_HOP_DAYS"])
    step.save(update_fields=["state", "asked_at", "due_at"])
    kind = kinds.TO_TARGET if step.role == StepRole.TARGET else kinds.ASKED
    _notify(step.member, kind.code, by, intro)


def _take_open_slot(requester: User) -> int:
    """The lowest free open-request slot, or `introduction.open_limit`."""
    cap = _limits()["INTRODUCTIONS_OPEN_PER_MEMBER"]
    used = set(
        Introduction.objects.filter(requester=requester, open_slot__isnull=False).values_list(
            "open_slot", flat=True
        )
    )
    free = [n for n in range(cap) if n not in used]
    if not free:
        raise LimitReached(
            f"You have {cap} introduction requests under way, the most at once. Wait for an "
            "answer, or withdraw one.",
            code="introduction.open_limit",
        )
    return free[0]


def introduction_request(
    *,
    requester: User,
    target: User,
    via: User,
    reason: str,
    offer: str,
    now: dt.datetime | None = None,
) -> Introduction:
    """Ask to be introduced to `target`, first asking `via` — one of the requester's
    connections Rapport proposes. The route continues along the strongest path through
    them (at most three hops, nobody whose connection list is private, nobody blocked);
    the first introducer is asked at once.
    """
    now = now or timezone.now()
    if requester.pk == target.pk:
        raise ValidationFailed(
            "You cannot ask to be introduced to yourself.", code="introduction.self"
        )
    reason = _text(
        reason, field="reason", what="why you want to meet them", most=REASON_MAX, least=20
    )
    offer = _text(offer, field="offer", what="what is in it for them", most=REASON_MAX, least=10)
    if standing_for(requester, now=now).restricted:
        raise PermissionDenied(
            "While a limit applies to your invitations you cannot ask for introductions. Your "
            "standing page says when it lifts.",
            code="introduction.restricted",
        )
    if are_connected(requester.pk, target.pk):
        raise Conflict(
            f"You are already connected with {target.display_name}: write to them directly.",
            code="introduction.connected",
        )
    proposals = path_proposals(requester, target, now=now)
    if not proposals:
        raise ValidationFailed(
            f"{target.display_name} is not within three steps of you through people who show "
            "their connections.",
            code="introduction.no_path",
        )
    chosen = next((p for p in proposals if p.via.pk == via.pk), None)
    if chosen is None:
        raise ValidationFailed(
            f"Rapport proposes no route to {target.display_name} through {via.display_name}: "
            "choose one of the people it proposes.",
            code="introduction.bad_route",
            field="via",
        )
    path = chosen.ids
    people = User.objects.in_bulk(path)
    for attempt in range(3):
        try:
            with transaction.atomic():
                members_lock(requester)  # one request at a time per requester
                slot = _take_open_slot(requester)
                intro = Introduction.objects.create(
                    requester=requester,
                    target=target,
                    reason=reason,
                    offer=offer,
                    path=list(path),
                    open_slot=slot,
                    created_at=now,
                )
                steps = IntroductionStep.objects.bulk_create(
                    [
                        IntroductionStep(
                            introduction=intro,
                            position=position,
                            member=people[member_id],
                            role=StepRole.TARGET if member_id == target.pk else StepRole.INTRODUCER,
                        )
                        for position, member_id in enumerate(path[1:], start=1)
                    ]
                )
                _ask(steps[0], intro, by=requester, now=now)
                return intro
        except IntegrityError as exc:
            # Another request for the same person, or the same slot, won the race.
            if Introduction.objects.filter(
                requester=requester, target=target, state=IntroductionState.PENDING
            ).exists():
                raise Conflict(
                    f"You already asked to be introduced to {target.display_name}.",
                    code="introduction.pending",
                ) from exc
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _current(member: User, introduction_id: int) -> tuple[Introduction, IntroductionStep]:
    """The introduction and the member's step, which must be the one now asked."""
    intro = Introduction.objects.select_for_update().filter(pk=introduction_id).first()
    step = (
        IntroductionStep.objects.select_for_update()
        .filter(introduction_id=introduction_id, member=member)
        .select_related("member")
        .first()
    )
    if intro is None or step is None or step.asked_at is None:  # never asked: sees nothing
        raise NotFound("No such introduction.", code="introduction.not_found")
    if intro.state != IntroductionState.PENDING or step.state != StepState.ASKED:
        raise Conflict(
            "This introduction is no longer waiting for you.", code="introduction.answered"
        )
    return intro, step


def _end(intro: Introduction, state: str, now: dt.datetime) -> None:
    INTRODUCTION.transition(intro, state)
    intro.decided_at = now
    intro.open_slot = None  # the requester's slot is free again
    intro.save(update_fields=["state", "decided_at", "open_slot", "conversation"])


@transaction.atomic
def introduction_forward(
    *, member: User, introduction_id: int, note: str, now: dt.datetime | None = None
) -> Introduction:
    """An introducer vouches for the requester and passes the request on."""
    now = now or timezone.now()
    intro, step = _current(member, introduction_id)
    if step.role != StepRole.INTRODUCER:
        raise Conflict("Accept or decline the introduction instead.", code="introduction.target")
    note = _text(note, field="note", what="a word for the next person", most=NOTE_MAX, least=2)
    nxt = IntroductionStep.objects.select_related("member").get(
        introduction=intro, position=step.position + 1
    )
    _ask(nxt, intro, by=member, now=now)  # first: a busy next introducer changes nothing
    STEP.transition(step, StepState.FORWARDED)
    step.note = note
    step.answered_at = now
    step.save(update_fields=["state", "note", "answered_at"])
    _notify(intro.requester, kinds.FORWARDED.code, member, intro)
    return intro


def _stop(intro: Introduction, step: IntroductionStep, state: str, now: dt.datetime) -> None:
    STEP.transition(step, state)
    step.answered_at = now
    step.save(update_fields=["state", "answered_at"])
    IntroductionStep.objects.filter(introduction=intro, state=StepState.WAITING).update(
        state=StepState.SKIPPED
    )
    # Those who vouched hear that it ended — not who ended it, nor why.
    for forwarder in IntroductionStep.objects.filter(
        introduction=intro, state=StepState.FORWARDED
    ).select_related("member"):
        _notify(forwarder.member, kinds.ENDED.code, None, intro)


@transaction.atomic
def introduction_decline(
    *, member: User, introduction_id: int, now: dt.datetime | None = None
) -> Introduction:
    """An introducer or the target says no. The requester hears only that it could not
    go ahead (from an introducer) or was not taken up (from the target)."""
    now = now or timezone.now()
    intro, step = _current(member, introduction_id)
    _stop(intro, step, StepState.DECLINED, now)
    if step.role == StepRole.TARGET:
        _end(intro, IntroductionState.DECLINED, now)
        _notify(intro.requester, kinds.NOT_ACCEPTED.code, member, intro)
    else:
        _end(intro, IntroductionState.STOPPED, now)
        _notify(intro.requester, kinds.COULD_NOT_HELP.code, None, intro)
    return intro


def _opening(intro: Introduction, last: IntroductionStep) -> str:
    requester, target = intro.requester, intro.target
    return "\n".join(
        [
            f"{last.member.display_name} introduced {requester.display_name} to "
            f"{target.display_name}.",
            "",
            f"Why {requester.display_name} asked: {intro.reason}",
            f"What is in it for {target.display_name}: {intro.offer}",
            f"{last.member.display_name}: “{last.note}”",
        ]
    )


@transaction.atomic
def introduction_accept(
    *, member: User, introduction_id: int, now: dt.datetime | None = None
) -> Introduction:
    """The target accepts: a conversation opens with the requester and the introducers."""
    now = now or timezone.now()
    intro, step = _current(member, introduction_id)
    if step.role != StepRole.TARGET:
        raise Conflict("Forward or decline the request instead.", code="introduction.not_target")
    STEP.transition(step, StepState.ACCEPTED)
    step.answered_at = now
    step.save(update_fields=["state", "answered_at"])
    introducers = list(
        IntroductionStep.objects.filter(introduction=intro, role=StepRole.INTRODUCER)
        .select_related("member")
        .order_by("position")
    )
    last = introducers[-1]
    intro = Introduction.objects.select_related("requester", "target").get(pk=intro.pk)
    # The requester, the target and the introducer who brought it: earlier hops stay
    # unknown to the target, as they were while the request travelled.
    intro.conversation = group_conversation_open(
        members=[intro.requester, intro.target, last.member],
        started_by=last.member,
        text=_opening(intro, last),
        now=now,
    )
    _end(intro, IntroductionState.ACCEPTED, now)
    for person in [intro.requester, *(s.member for s in introducers)]:
        _notify(person, kinds.ACCEPTED.code, member, intro)
    _refresh_credibility([intro.requester_id, intro.target_id, *(s.member_id for s in introducers)])
    return intro


def _refresh_credibility(member_ids: list[int]) -> None:
    """Accepted introductions feed the credibility of everyone who made them happen."""
    from rapport.trust.tasks import trust_refresh_about

    for member_id in member_ids:
        transaction.on_commit(partial(trust_refresh_about.enqueue, member_id))


@transaction.atomic
def introduction_withdraw(
    *, member: User, introduction_id: int, now: dt.datetime | None = None
) -> Introduction:
    """The requester takes the request back; whoever holds it now sees it withdrawn."""
    now = now or timezone.now()
    intro = (
        Introduction.objects.select_for_update()
        .filter(pk=introduction_id, requester=member)
        .first()
    )
    if intro is None:
        raise NotFound("No such introduction.", code="introduction.not_found")
    if intro.state != IntroductionState.PENDING:
        raise Conflict("This introduction has already ended.", code="introduction.answered")
    for asked in IntroductionStep.objects.filter(
        introduction=intro, state=StepState.ASKED
    ).select_related("member"):
        _notify(asked.member, kinds.WITHDRAWN.code, member, intro)
    IntroductionStep.objects.filter(
        introduction=intro, state__in=[StepState.ASKED, StepState.WAITING]
    ).update(state=StepState.SKIPPED, answered_at=now)
    _end(intro, IntroductionState.WITHDRAWN, now)
    return intro


def introductions_expire(*, now: dt.datetime | None = None) -> int:
    """Time out every hop that has not answered by its due date; idempotent.

    The requester is told only that the request could not go ahead this time.
    """
    now = now or timezone.now()
    done = 0
    overdue = IntroductionStep.objects.filter(
        state=StepState.ASKED, due_at__lte=now, introduction__state=IntroductionState.PENDING
    ).values_list("introduction_id", "member_id")
    for introduction_id, member_id in list(overdue):
        with transaction.atomic():
            intro = Introduction.objects.select_for_update().get(pk=introduction_id)
            step = IntroductionStep.objects.select_for_update().get(
                introduction_id=introduction_id, member_id=member_id
            )
            if intro.state != IntroductionState.PENDING or step.state != StepState.ASKED:
                continue  # answered meanwhile
            _stop(intro, step, StepState.TIMED_OUT, now)
            _end(intro, IntroductionState.STOPPED, now)
            _notify(intro.requester, kinds.COULD_NOT_HELP.code, None, intro)
            _notify(step.member, kinds.EXPIRED.code, None, intro)
            done += 1
    return done
