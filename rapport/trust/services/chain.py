"""The chain an introduction travels along: who is asked next, and how it ends.

Shared by asking (`asking.py`) and answering (`introductions.py`): contacting the next
person with every check made again at that moment, the notifications, and ending a
request, which gives the requester's open slot back.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse

from rapport.accounts.models import User
from rapport.core import limits
from rapport.core.errors import Conflict, NotFound, ValidationFailed
from rapport.core.text import clean_paragraphs
from rapport.limits.services import slot_take
from rapport.network.selectors import are_connected, is_blocked_between
from rapport.notifications.services import notification_send
from rapport.trust import notification_kinds as kinds
from rapport.trust.limits import INTRODUCTIONS
from rapport.trust.models import (
    Introduction,
    IntroductionState,
    IntroductionStep,
    StepRole,
    StepState,
)
from rapport.trust.states import INTRODUCTION, STEP

REASON_MAX = 1000

NOTE_MAX = 500


def clean_text(value: str, *, field: str, what: str, most: int, least: int = 1) -> str:
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


def notify(recipient: User, kind: str, actor: User | None, intro: Introduction) -> None:
    url = _url(intro)
    transaction.on_commit(
        lambda: notification_send(
            recipient=recipient, kind=kind, actor=actor, target=intro, url=url
        )
    )


def ask_next(step: IntroductionStep, intro: Introduction, *, by: User, now: dt.datetime) -> None:
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
            kind=INTRODUCTIONS,
            cap=limits.value("trust.introductions_per_introducer_week"),
            now=now,
            code="introduction.introducer_busy",
            message=(
                f"{person.display_name} has been asked for as many introductions as Rapport "
                "lets anyone be asked in a week. Try again in a few days, or decline."
            ),
        )
    STEP.transition(step, StepState.ASKED)
    step.asked_at = now
    step.due_at = now + dt.timedelta(days=limits.value("trust.introduction_hop_days"))
    step.save(update_fields=["state", "asked_at", "due_at"])
    kind = kinds.TO_TARGET if step.role == StepRole.TARGET else kinds.ASKED
    notify(step.member, kind.code, by, intro)


def current_step(member: User, introduction_id: int) -> tuple[Introduction, IntroductionStep]:
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


def end(intro: Introduction, state: str, now: dt.datetime) -> None:
    INTRODUCTION.transition(intro, state)
    intro.decided_at = now
    intro.open_slot = None  # the requester's slot is free again
    intro.save(update_fields=["state", "decided_at", "open_slot", "conversation"])


def stop(intro: Introduction, step: IntroductionStep, state: str, now: dt.datetime) -> None:
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
        notify(forwarder.member, kinds.ENDED.code, None, intro)
