"""Inviting people from an address book, within the sender's standing like any invitation.

Members are invited through `invitation_send`, so every check, quota slot and
restriction applies. Non-members get an e-mail only when the operator turns on
join invitations (RAPPORT["CONTACTS_JOIN_INVITATIONS"]); then at most
`contacts.joins_per_week` (a limit) a week per sender (quota slots, like every
allowance), none while the sender's invitations are restricted, each address once
per sender, and never an address on the opt-out list, which is checked first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import partial

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from rapport.accounts.models import User
from rapport.contacts import selectors
from rapport.contacts.limits import JOINS
from rapport.contacts.models import ImportedContact, JoinInvitation, JoinOptOut
from rapport.core.errors import LimitReached, PermissionDenied, RapportError, ValidationFailed
from rapport.invitations.models import HowWeKnow
from rapport.invitations.selectors import invite_check, standing_for
from rapport.invitations.services import invitation_send
from rapport.limits.selectors import allowance, ensure_allowed
from rapport.limits.services import slot_take

MAX_SELECTED = 500
_SALT = "rapport.contacts.join-opt-out"


@dataclass
class BulkInvite:
    """What happened to a selection: sent now, waiting for the allowance, or refused."""

    sent: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    not_members: int = 0
    can_now: int = 0
    next_at: dt.datetime | None = None

    def summary(self) -> str:
        parts = [f"Sent {len(self.sent)} invitation{'s' * (len(self.sent) != 1)}."]
        if self.waiting:
            when = f" from {self.next_at:%d %b %Y, %H:%M} UTC" if self.next_at else " later"
            parts.append(f"{len(self.waiting)} more can go{when}, when your allowance frees up.")
        if self.refused:
            parts.append(f"{len(self.refused)} could not be invited (see why below).")
        if self.not_members:
            parts.append(f"{self.not_members} selected are not on Rapport and were not e-mailed.")
        return " ".join(parts)


def _selected(sender: User, contact_ids: list[int]) -> list[ImportedContact]:
    if len(contact_ids) > MAX_SELECTED:
        raise ValidationFailed(
            f"Select at most {MAX_SELECTED} contacts at a time.", code="contacts.too_many_selected"
        )
    return list(
        ImportedContact.objects.filter(owner=sender, pk__in=contact_ids).order_by("name", "pk")
    )


def contacts_invite(
    *, sender: User, contact_ids: list[int], note: str = "", now: dt.datetime | None = None
) -> BulkInvite:
    """Invite the selected contacts who are on Rapport, as many as standing allows now.

    The rest are listed as waiting with the time the allowance next frees up; they
    are not queued, so nothing goes out later without the member asking again.
    """
    now = now or timezone.now()
    contacts = _selected(sender, contact_ids)
    matches = selectors.matches_for(sender, (e for c in contacts for e in c.emails))
    standing = standing_for(sender, now=now)
    left = 0 if standing.restricted else min(standing.daily.left, standing.weekly.left)
    result = BulkInvite(can_now=max(0, left))
    for contact in contacts:
        match = selectors.match_of(contact.emails, matches)
        if match is None:
            result.not_members += 1
            continue
        if match.status == "connected":
            result.refused.append((contact.name, "Already connected."))
            continue
        if len(result.sent) >= result.can_now:
            result.waiting.append(contact.name)
            continue
        check = invite_check(sender=sender, recipient=match.member, now=now)
        if check.refusal is not None and check.code in (
            "invitation.day_limit",
            "invitation.week_limit",
        ):
            result.waiting.append(contact.name)
            continue
        if not check.allowed:
            result.refused.append(
                (contact.name, check.message or "An invitation is already waiting.")
            )
            continue
        try:
            invitation_send(
                sender=sender,
                recipient=match.member,
                note=note,
                how_we_know=HowWeKnow.OTHER,
                how_detail="From my address book",
                recipient_email=match.email if check.needs_email else None,
                now=now,
            )
        except RapportError as exc:
            result.refused.append((contact.name, exc.message))
            continue
        result.sent.append(contact.name)
    if result.waiting:
        after = standing_for(sender, now=now)  # the allowance as these sends left it
        frees = [
            a.next_free_at for a in (after.daily, after.weekly) if a.left <= 0 and a.next_free_at
        ]
        result.next_at = max(frees) if frees else after.restricted_until
    return result


def _join_enqueue(sender_id: int, email: str, name: str, site: str) -> None:
    from rapport.contacts.tasks import join_email_send

    join_email_send.enqueue(sender_id, email, name, join_opt_out_token(email), site)


def _digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def join_opt_out_token(email: str) -> str:
    return signing.dumps(_digest(email), salt=_SALT)


def join_opt_out(*, token: str) -> None:
    """One click from the e-mail: this address is never sent a join invitation again."""
    try:
        digest = signing.loads(token, salt=_SALT)
    except signing.BadSignature as exc:
        raise ValidationFailed(
            "This opt-out link is not valid.", code="contacts.bad_opt_out"
        ) from exc
    JoinOptOut.objects.get_or_create(email_digest=str(digest))


@dataclass
class JoinsSent:
    """Join e-mails sent now, and those the week's allowance holds back until `next_at`."""

    sent: int = 0
    waiting: int = 0
    next_at: dt.datetime | None = None

    def summary(self) -> str:
        text = f"Sent {self.sent} invitation{'s' * (self.sent != 1)} to join."
        if self.waiting:
            when = f" from {self.next_at:%d %b %Y, %H:%M} UTC" if self.next_at else " later"
            text += f" {self.waiting} more can go{when}, when your weekly allowance frees up."
        return text


def joins_invite(
    *, sender: User, contact_ids: list[int], site: str = "", now: dt.datetime | None = None
) -> JoinsSent:
    """E-mail an invitation to join to selected non-members (operator switch, weekly cap,
    opt-out list first): how many went, and how many wait for the allowance and when."""
    cap = selectors.joins_per_week()
    if cap is None:
        raise PermissionDenied(
            "Invitations to join by e-mail are turned off on this site.", code="contacts.joins_off"
        )
    now = now or timezone.now()
    ensure_allowed(sender, "invitations", now=now)
    if standing_for(sender).restricted:
        raise PermissionDenied(
            "While your invitations are restricted you cannot invite anyone by e-mail either.",
            code="contacts.joins_restricted",
        )
    contacts = _selected(sender, contact_ids)
    matches = selectors.matches_for(sender, (e for c in contacts for e in c.emails))
    outside = {
        _digest(c.emails[0]): c
        for c in contacts
        if c.emails and not selectors.match_of(c.emails, matches)
    }
    # Two reads for the whole selection: who opted out, whom this sender invited once
    # already (the unique constraint still settles a race).
    skip = set(
        JoinOptOut.objects.filter(email_digest__in=outside).values_list("email_digest", flat=True)
    ) | set(
        JoinInvitation.objects.filter(sender=sender, email_digest__in=outside).values_list(
            "email_digest", flat=True
        )
    )
    result = JoinsSent()
    for digest, contact in outside.items():
        if digest in skip:
            continue
        email = contact.emails[0]
        if result.waiting:  # the allowance ran out: count who else would have gone
            result.waiting += 1
            continue
        try:
            # The week's allowance is a slot taken by a conditional update, in the same
            # transaction as the record that this sender invited this address (once):
            # two requests at once can neither pass the cap nor invite twice.
            with transaction.atomic():
                slot_take(member=sender, kind=JOINS, cap=cap, now=now)
                JoinInvitation.objects.create(sender=sender, email_digest=digest, sent_at=now)
        except LimitReached:
            result.waiting = 1
            result.next_at = allowance(member=sender, kind=JOINS, cap=cap, now=now).next_free_at
            continue
        except IntegrityError:
            continue  # already invited by this sender once
        transaction.on_commit(partial(_join_enqueue, sender.pk, email, contact.name, site))
        result.sent += 1
    return result
