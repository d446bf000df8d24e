"""Answering an introduction: each hop forwards or declines in turn, the target accepts
or declines, the requester may withdraw, and a hop that does not answer times out.

Each introducer sees the request only once the one before them has forwarded it, adds
their own note or declines (an introducer connected to the target passes it straight to
them); the target accepts (a conversation opens with the
requester, the target and the introducer who brought it) or declines.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.db import transaction
from django.utils import timezone

from rapport.accounts.models import User
from rapport.conversations.services import group_conversation_open
from rapport.core.errors import Conflict, NotFound
from rapport.network.selectors import are_connected
from rapport.trust import notification_kinds as kinds
from rapport.trust.models import (
    Introduction,
    IntroductionState,
    IntroductionStep,
    StepRole,
    StepState,
)
from rapport.trust.selectors.introductions import passes_to
from rapport.trust.services.chain import (
    NOTE_MAX,
    ask_next,
    clean_text,
    current_step,
    end,
    notify,
    stop,
)
from rapport.trust.states import STEP


@transaction.atomic
def introduction_forward(
    *, member: User, introduction_id: int, note: str, now: dt.datetime | None = None
) -> Introduction:
    """An introducer vouches for the requester and passes the request on."""
    now = now or timezone.now()
    intro, step = current_step(member, introduction_id)
    if step.role != StepRole.INTRODUCER:
        raise Conflict("Accept or decline the introduction instead.", code="introduction.target")
    note = clean_text(note, field="note", what="a word for the next person", most=NOTE_MAX, least=2)
    steps = list(IntroductionStep.objects.filter(introduction=intro).select_related("member"))
    nxt = passes_to(steps, step, knows_target=are_connected(member.pk, intro.target_id))
    if nxt is None:  # an introducer always has someone after them; never a crash
        raise Conflict("Accept or decline the introduction instead.", code="introduction.target")
    ask_next(nxt, intro, by=member, now=now)  # first: a busy next introducer changes nothing
    for passed in steps:
        if step.position < passed.position < nxt.position:
            # They knew the target themselves: those between are never asked.
            STEP.transition(passed, StepState.SKIPPED)
            passed.save(update_fields=["state"])
    STEP.transition(step, StepState.FORWARDED)
    step.note = note
    step.answered_at = now
    step.save(update_fields=["state", "note", "answered_at"])
    notify(intro.requester, kinds.FORWARDED.code, member, intro)
    return intro


@transaction.atomic
def introduction_decline(
    *, member: User, introduction_id: int, now: dt.datetime | None = None
) -> Introduction:
    """An introducer or the target says no. The requester hears only that it could not
    go ahead (from an introducer) or was not taken up (from the target)."""
    now = now or timezone.now()
    intro, step = current_step(member, introduction_id)
    stop(intro, step, StepState.DECLINED, now)
    if step.role == StepRole.TARGET:
        end(intro, IntroductionState.DECLINED, now)
        notify(intro.requester, kinds.NOT_ACCEPTED.code, member, intro)
    else:
        end(intro, IntroductionState.STOPPED, now)
        notify(intro.requester, kinds.COULD_NOT_HELP.code, None, intro)
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
    intro, step = current_step(member, introduction_id)
    if step.role != StepRole.TARGET:
        raise Conflict("Forward or decline the request instead.", code="introduction.not_target")
    STEP.transition(step, StepState.ACCEPTED)
    step.answered_at = now
    step.save(update_fields=["state", "answered_at"])
    # Those who passed it on: not anyone passed over because an introducer knew the target.
    introducers = list(
        IntroductionStep.objects.filter(
            introduction=intro, role=StepRole.INTRODUCER, state=StepState.FORWARDED
        )
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
    end(intro, IntroductionState.ACCEPTED, now)
    for person in [intro.requester, *(s.member for s in introducers)]:
        notify(person, kinds.ACCEPTED.code, member, intro)
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
        notify(asked.member, kinds.WITHDRAWN.code, member, intro)
    IntroductionStep.objects.filter(
        introduction=intro, state__in=[StepState.ASKED, StepState.WAITING]
    ).update(state=StepState.SKIPPED, answered_at=now)
    end(intro, IntroductionState.WITHDRAWN, now)
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
            stop(intro, step, StepState.TIMED_OUT, now)
            end(intro, IntroductionState.STOPPED, now)
            notify(intro.requester, kinds.COULD_NOT_HELP.code, None, intro)
            notify(step.member, kinds.EXPIRED.code, None, intro)
            done += 1
    return done
