"""The moderation console's reads: one queue for every report, with its evidence.

Reports are `limits.Complaint` rows from every capability (messages, posts, comments,
invitations reported as spam, profiles). The queue shows one row per reported thing —
how many people reported it and why, the words reported, and the member's standing and
history — a page at a time: the evidence is read for the page's rows only, one query per
kind of thing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from rapport.accounts.models import AuditEntry, User
from rapport.conversations.models import Message
from rapport.core.pagination import Page, paginate
from rapport.invitations.models import Appeal, AppealState, Invitation
from rapport.limits.models import Complaint, ComplaintSource, Sanction, Standing
from rapport.limits.selectors import history_of, sanction_appeals_waiting
from rapport.members.models import Profile
from rapport.posts.models import Comment, Post

# What may be removed from each kind of report (the owning capability does it).
REMOVABLE = frozenset(ComplaintSource.values)
STATES = ("open", "handled", "all")
EXCERPT = 600


@dataclass
class QueueRow:
    source: str
    reference: int
    member: User
    reports: int
    first_at: dt.datetime
    last_at: dt.datetime
    reasons: dict[str, int] = field(default_factory=dict)
    evidence: str = ""
    gone: bool = False  # the thing was deleted or already removed
    restricted_until: dt.datetime | None = None
    reports_90_days: int = 0
    history: list[Sanction] = field(default_factory=list)
    outcome: str = ""

    @property
    def key(self) -> str:
        return f"{self.source}:{self.reference}"

    @property
    def source_label(self) -> str:
        return ComplaintSource(self.source).label


def _filtered(state: str, source: str, reason: str) -> QuerySet[Complaint]:
    found = Complaint.objects.all()
    if state == "open":
        found = found.filter(handled_at=None)
    elif state == "handled":
        found = found.exclude(handled_at=None)
    if source:
        found = found.filter(source=source)
    if reason:
        found = found.filter(reason=reason)
    return found


def queue(
    *, state: str = "open", source: str = "", reason: str = "", page: int = 1, size: int = 25
) -> Page[QueueRow]:
    """Reported things, oldest first, with their evidence. Filters that name nothing
    known are ignored (the view has already refused them)."""
    grouped = (
        _filtered(state, source, reason)
        .values("source", "reference", "member_id")
        .annotate(
            reports=Count("pk"),
            first_at=Min("created_at"),
            last_at=Max("created_at"),
            outcome=Max("outcome"),
        )
        .order_by("first_at", "source", "reference")
    )
    shown = paginate(grouped, page=page, size=size)
    groups = list(shown.items)
    members = User.objects.in_bulk({g["member_id"] for g in groups})
    rows = [
        QueueRow(
            source=g["source"],
            reference=g["reference"],
            member=members[g["member_id"]],
            reports=g["reports"],
            first_at=g["first_at"],
            last_at=g["last_at"],
            outcome=g["outcome"] or "",
        )
        for g in groups
    ]
    _reasons(rows, state)
    _evidence(rows)
    _standing(rows)
    return Page(items=rows, number=shown.number, size=shown.size, total=shown.total)


def _reasons(rows: list[QueueRow], state: str) -> None:
    if not rows:
        return
    which = Q()
    for row in rows:
        which |= Q(source=row.source, reference=row.reference)
    counts = _filtered(state, "", "").filter(which).values_list("source", "reference", "reason")
    by_key: dict[tuple[str, int], dict[str, int]] = defaultdict(dict)
    for src, ref, why in counts:
        by_key[(src, ref)][why] = by_key[(src, ref)].get(why, 0) + 1
    for row in rows:
        row.reasons = by_key[(row.source, row.reference)]


def _evidence(rows: list[QueueRow]) -> None:
    """The reported words, read per kind of thing for the page's rows only."""
    wanted: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        wanted[row.source].append(row.reference)
    texts: dict[tuple[str, int], str] = {}
    for pk, title, body, state in Post.objects.filter(pk__in=wanted["post"]).values_list(
        "pk", "title", "body", "state"
    ):
        words = "\n\n".join(x for x in (title, body) if x)
        texts[("post", pk)] = "" if state == "deleted" else words
    for pk, body in Comment.objects.filter(pk__in=wanted["comment"]).values_list("pk", "body"):
        texts[("comment", pk)] = body
    for pk, text in Message.objects.filter(pk__in=wanted["message"]).values_list("pk", "text"):
        texts[("message", pk)] = text
    for pk, note in Invitation.objects.filter(pk__in=wanted["invitation"]).values_list(
        "pk", "note"
    ):
        texts[("invitation", pk)] = note or "(an invitation without a note)"
    for member_id, headline, about in Profile.objects.filter(
        member_id__in=wanted["profile"]
    ).values_list("member_id", "headline", "about"):
        texts[("profile", member_id)] = "\n\n".join(x for x in (headline, about) if x) or (
            "(the profile has no words of its own)"
        )
    for row in rows:
        text = texts.get((row.source, row.reference), "")
        row.gone = not text
        row.evidence = text[:EXCERPT] + ("…" if len(text) > EXCERPT else "")


def _standing(rows: list[QueueRow]) -> None:
    ids = list({row.member.pk for row in rows})
    if not ids:
        return
    now = timezone.now()
    until = dict(
        Standing.objects.filter(member_id__in=ids, restricted_until__gt=now).values_list(
            "member_id", "restricted_until"
        )
    )
    recent = dict(
        Complaint.objects.filter(member_id__in=ids, created_at__gte=now - dt.timedelta(days=90))
        .values("member_id")
        .annotate(n=Count("pk"))
        .values_list("member_id", "n")
    )
    history = history_of(ids)
    for row in rows:
        row.restricted_until = until.get(row.member.pk)
        row.reports_90_days = recent.get(row.member.pk, 0)
        row.history = history[row.member.pk][:5]


@dataclass(frozen=True)
class AppealRow:
    """An appeal waiting, whichever kind: against a moderator's decision, or against the
    limits invitations applied by themselves."""

    kind: str  # "decision" or "standing"
    pk: int
    member: User
    text: str
    at: dt.datetime
    about: str


def appeals_waiting() -> list[AppealRow]:
    rows = [
        AppealRow(
            kind="decision",
            pk=s.pk,
            member=s.member,
            text=s.appeal_text,
            at=s.appealed_at or s.starts_at,
            about=f"{s.get_kind_display()}"
            + (f" ({s.get_capability_display().lower()})" if s.capability else "")
            + f": {s.reason}",
        )
        for s in sanction_appeals_waiting()
    ]
    rows += [
        AppealRow(
            kind="standing",
            pk=a.pk,
            member=a.member,
            text=a.text,
            at=a.created_at,
            about="The limit on their invitations (restriction or throttle)",
        )
        for a in Appeal.objects.filter(state=AppealState.PENDING).select_related("member")
    ]
    return sorted(rows, key=lambda r: r.at)


def audit_log(*, action: str = "") -> QuerySet[AuditEntry]:
    found = AuditEntry.objects.all().order_by("-at", "-id")
    return found.filter(action__startswith=action) if action else found
