"""Per-connection trust, from one member's side: rapport + credibility − risk.

A row is a cache of what happened between the two (messages, shared history, reports),
recomputed by a job when any of it changes; the facts stay the source of truth. Each
row is one member's private view of one connection: nobody else ever reads it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from rapport.trust.scoring import contact_text


class TrustScore(models.Model):
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField()  # 0–100
    rapport = models.PositiveSmallIntegerField()
    credibility = models.PositiveSmallIntegerField()
    risk = models.PositiveSmallIntegerField()
    # [{"part": "rapport"|"credibility"|"risk", "points": int, "text": str}], the one
    # about the last contact with "about": "contact" (worded again when read: reasons_at)
    reasons = models.JSONField(default=list)
    a_network = models.BooleanField(default=False)
    reciprocated = models.BooleanField(default=False)  # both have written
    last_contact_at = models.DateTimeField(null=True, blank=True)
    prune = models.BooleanField(default=False)  # risk outweighs rapport and credibility
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "other"], name="trust_pair_once"),
            models.CheckConstraint(condition=~Q(member=F("other")), name="trust_not_self"),
            models.CheckConstraint(condition=Q(score__lte=100), name="trust_score_range"),
            models.CheckConstraint(condition=Q(risk__lte=100), name="trust_risk_range"),
        ]
        indexes = [
            models.Index(fields=["member", "-score"], name="trust_member_score_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.other_id}: {self.score}"

    def reasons_at(self, now: dt.datetime) -> list[dict[str, Any]]:
        """The reasons, with the sentence about the last contact worded for `now`: the
        row is a cache refreshed nightly, and "Last contact today" must not still say
        so tomorrow. The points stay as computed."""
        return [
            {**r, "text": contact_text(self.last_contact_at, now)}
            if r.get("about") == "contact"
            else r
            for r in self.reasons
        ]

    @property
    def reasons_now(self) -> list[dict[str, Any]]:
        """The reasons as they read at this moment (for pages and the API)."""
        return self.reasons_at(timezone.now())


class IntroductionState(models.TextChoices):
    PENDING = "pending", "Under way"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Not accepted this time"  # by the target
    STOPPED = "stopped", "Could not help this time"  # a hop declined or did not answer
    WITHDRAWN = "withdrawn", "Withdrawn"


class Introduction(models.Model):
    """A request to be introduced to `target` through a chain of connections.

    `path` is the chosen route as member ids, requester first and target last. While
    the request is under way it holds one of the requester's open slots: the unique
    constraint on (requester, open_slot) is what caps open requests, under any
    concurrency; the slot is given back when the request ends.
    """

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    target = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()  # why the requester wants to meet the target
    offer = models.TextField()  # what is in it for the target
    path = models.JSONField()
    state = models.CharField(
        max_length=10, choices=IntroductionState.choices, default=IntroductionState.PENDING
    )
    open_slot = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    conversation = models.ForeignKey(
        "conversations.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(requester=F("target")), name="introduction_not_self"
            ),
            models.CheckConstraint(
                condition=Q(state__in=IntroductionState.values), name="introduction_state"
            ),
            models.UniqueConstraint(
                fields=["requester", "open_slot"], name="introduction_open_slot_once"
            ),
            # Under way exactly while it holds an open slot.
            models.CheckConstraint(
                condition=Q(state=IntroductionState.PENDING, open_slot__isnull=False)
                | (~Q(state=IntroductionState.PENDING) & Q(open_slot__isnull=True)),
                name="introduction_slot_while_pending",
            ),
            models.UniqueConstraint(
                fields=["requester", "target"],
                condition=Q(state=IntroductionState.PENDING),
                name="introduction_one_pending_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"introduction {self.pk}: {self.requester_id} → {self.target_id} ({self.state})"


class StepRole(models.TextChoices):
    INTRODUCER = "introducer", "Introducer"
    TARGET = "target", "Target"


class StepState(models.TextChoices):
    WAITING = "waiting", "Not asked yet"
    ASKED = "asked", "Asked"
    FORWARDED = "forwarded", "Forwarded"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    TIMED_OUT = "timed_out", "Did not answer in time"
    SKIPPED = "skipped", "Not reached"


class IntroductionStep(models.Model):
    """One hop of the chain: an introducer who forwards or declines, or the target.

    Nobody is asked before the previous hop consented: a step is `waiting` (and its
    member sees nothing) until the one before it forwards.
    """

    introduction = models.ForeignKey(Introduction, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()  # 1 = the requester's connection
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=10, choices=StepRole.choices)
    state = models.CharField(max_length=10, choices=StepState.choices, default=StepState.WAITING)
    note = models.TextField(blank=True)  # the introducer's own words ("I'll vouch for her")
    asked_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["introduction", "position"], name="step_position_once"),
            models.UniqueConstraint(fields=["introduction", "member"], name="step_member_once"),
            models.CheckConstraint(condition=Q(state__in=StepState.values), name="step_state"),
            models.CheckConstraint(condition=Q(role__in=StepRole.values), name="step_role"),
        ]
        indexes = [models.Index(fields=["member", "state"], name="step_member_state_idx")]
        ordering = ["position"]

    def __str__(self) -> str:
        return f"step {self.position} of {self.introduction_id}: {self.member_id} ({self.state})"


class StalePair(models.Model):
    """A connection whose two trust rows need recomputing (a message between them, a
    report, the connection made or ended). One row per pair however many changes came
    in: the `trust_drain` job recomputes them in batches, so 500 messages a second do not
    queue 500 recomputes (decision 0010). `marked_at` moves on each new mark, so a drain
    removes a row only if nothing marked it again while it was recomputing."""

    member_low_id = models.BigIntegerField()
    member_high_id = models.BigIntegerField()
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member_low_id", "member_high_id"], name="trust_stale_pair_once"
            ),
            models.CheckConstraint(
                condition=Q(member_low_id__lt=F("member_high_id")), name="trust_stale_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_low_id}–{self.member_high_id} since {self.marked_at:%Y-%m-%d %H:%M}"
