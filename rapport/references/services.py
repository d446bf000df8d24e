"""Writes for reference checks: asking a candidate, their answer, the lookup record."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Case, F, PositiveIntegerField, Value, When

from rapport.accounts.models import User
from rapport.core import limits
from rapport.core.errors import Conflict, NotFound
from rapport.references.models import (
    CurrentEmployerPermission,
    PermissionState,
    ReferenceLookup,
    ReferenceOptOut,
)
from rapport.references.states import PERMISSION


def checks_enabled(member: User) -> bool:
    return not ReferenceOptOut.objects.filter(member=member).exists()


def _checkable(requester: User, candidate: User) -> None:
    from rapport.network.selectors import is_blocked_between

    if requester.pk == candidate.pk:
        raise Conflict("These are your own colleagues.", code="references.self")
    # A block or an opt-out reads the same as a missing member: it reveals nothing.
    if (
        not candidate.is_active
        or not checks_enabled(candidate)
        or is_blocked_between(requester.pk, candidate.pk)
    ):
        raise NotFound(
            "Reference checks are not available for this member.", code="references.unavailable"
        )


VISIT = dt.timedelta(minutes=30)


def lookup_record(*, requester: User, candidate: User, now: dt.datetime) -> None:
    """Note that the requester looked up the candidate's former colleagues. Reading more
    pages, or coming back within `VISIT`, is the same lookup: `times` counts visits."""
    _checkable(requester, candidate)
    found = ReferenceLookup.objects.filter(candidate=candidate, requester=requester)
    # One update, conditional in the database: a new visit counts, a page of the same
    # visit does not.
    times: PositiveIntegerField[int, int] = PositiveIntegerField()
    new_visit = Case(
        When(last_at__lt=now - VISIT, then=F("times") + Value(1, output_field=times)),
        default=F("times"),
        output_field=times,
    )
    if not found.update(last_at=now, times=new_visit):
        ReferenceLookup.objects.get_or_create(
            candidate=candidate, requester=requester, defaults={"first_at": now, "last_at": now}
        )


def permission_ask(
    *, requester: User, candidate: User, now: dt.datetime
) -> CurrentEmployerPermission:
    """Ask the candidate to let this requester see colleagues at their current employer.
    Asking again is refused while a request is open, a permission still runs, or within
    the permission period after a refusal (so nobody is pestered)."""
    _checkable(requester, candidate)
    days = dt.timedelta(days=limits.value("references.permission_days"))
    with transaction.atomic():
        found = (
            CurrentEmployerPermission.objects.select_for_update()
            .filter(candidate=candidate, requester=requester)
            .first()
        )
        if found is None:
            return CurrentEmployerPermission.objects.create(
                candidate=candidate, requester=requester, state=PermissionState.ASKED, asked_at=now
            )
        if found.state == PermissionState.ASKED:
            raise Conflict(
                "You have already asked; they have not answered yet.", code="references.asked"
            )
        if found.state == PermissionState.ALLOWED and found.expires_at and found.expires_at > now:
            raise Conflict("They have already allowed you.", code="references.allowed")
        if (
            found.state == PermissionState.REFUSED
            and found.decided_at
            and found.decided_at + days > now
        ):
            raise Conflict("They said no; you may ask again later.", code="references.refused")
        PERMISSION.transition(found, PermissionState.ASKED)
        found.asked_at, found.decided_at, found.expires_at = now, None, None
        found.save()
        return found


def permission_decide(
    *, candidate: User, requester_id: int, allow: bool, now: dt.datetime
) -> CurrentEmployerPermission:
    """The candidate's answer to one requester; allowing lasts `references.permission_days`
    (a limit). The candidate may also withdraw a permission they gave (refuse after
    allowing)."""
    with transaction.atomic():
        found = (
            CurrentEmployerPermission.objects.select_for_update()
            .filter(candidate=candidate, requester_id=requester_id)
            .first()
        )
        if found is None:
            raise NotFound("Nobody asked you that.", code="references.no_request")
        target = PermissionState.ALLOWED if allow else PermissionState.REFUSED
        PERMISSION.transition(found, target)
        found.decided_at = now
        days = limits.value("references.permission_days")
        found.expires_at = now + dt.timedelta(days=days) if allow else None
        found.save()
        return found


def checks_set(*, member: User, enabled: bool) -> None:
    """Turn reference checks about the member on or off; off also ends every permission."""
    with transaction.atomic():
        if enabled:
            ReferenceOptOut.objects.filter(member=member).delete()
            return
        ReferenceOptOut.objects.get_or_create(member=member)
        CurrentEmployerPermission.objects.filter(candidate=member).delete()


def permission_holds(*, requester: User, candidate: User, now: dt.datetime) -> bool:
    if requester.pk == candidate.pk:
        return False
    return CurrentEmployerPermission.objects.filter(
        candidate=candidate,
        requester=requester,
        state=PermissionState.ALLOWED,
        expires_at__gt=now,
    ).exists()
