"""Readers for the member's settings, influence, reference checks and network map."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from rapport.accounts.models import User
from rapport.dataexport.collectors.common import Row, plain, rows_of, tagged


def settings(member: User) -> list[Row]:
    """Every choice the member made, one row each: area, setting, value."""
    from rapport.companies.models import InsightsOptOut
    from rapport.conversations.models import GuardExemption, MessagingPreferences
    from rapport.invitations.models import InvitationPreferences
    from rapport.notifications.models import (
        KindPreference,
        MutedMentioner,
        MutedThing,
        NotificationPreferences,
    )
    from rapport.references.models import ReferenceOptOut

    rows: list[Row] = []

    def add(area: str, setting: str, value: Any) -> None:
        rows.append({"area": area, "setting": setting, "value": plain(value)})

    for source, area, fields in (
        (InvitationPreferences, "invitations", ("who_may_invite", "note_required")),
        (MessagingPreferences, "messages", ("who_may_message", "read_receipts", "guard_enabled")),
        (
            NotificationPreferences,
            "notifications",
            ("mentions_from", "digest", "digest_hour", "digest_weekday", "time_zone"),
        ),
    ):
        # A member who never changed these has the defaults: an unsaved row holds them.
        found = source.objects.filter(member=member).first() or source(member=member)
        for name in fields:
            add(area, name, getattr(found, name))
    for kind, site, email in KindPreference.objects.filter(member=member).values_list(
        "kind", "site", "email"
    ):
        add("notifications", f"{kind} on the site", site)
        add("notifications", f"{kind} by e-mail", email)
    for target_type, target_id in MutedThing.objects.filter(member=member).values_list(
        "target_type__model", "target_id"
    ):
        add("notifications", "muted", f"{target_type} {target_id}")
    for handle in MutedMentioner.objects.filter(member=member).values_list(
        "actor__handle", flat=True
    ):
        add("notifications", "mentions muted from", handle)
    for handle in GuardExemption.objects.filter(member=member).values_list(
        "sender__handle", flat=True
    ):
        add("messages", "always let through", handle)
    add(
        "references",
        "reference checks on",
        not ReferenceOptOut.objects.filter(member=member).exists(),
    )
    add(
        "companies",
        "history in insights",
        not InsightsOptOut.objects.filter(member=member).exists(),
    )
    return rows


def influence(member: User) -> list[Row]:
    from rapport.influence.models import Influence, InfluenceDay

    now = rows_of(
        Influence.objects.filter(member=member),
        day="computed_at",
        score="score",
        parts="parts",
        counts="counts",
        shown_to_others="public",
    )
    days = rows_of(
        InfluenceDay.objects.filter(member=member).order_by("day"),
        day="day",
        score="score",
        parts="parts",
        counts="counts",
    )
    return tagged("now", now) + tagged("day", days)


def references(member: User) -> list[Row]:
    from rapport.references.models import CurrentEmployerPermission, ReferenceLookup

    lookups = rows_of(
        ReferenceLookup.objects.filter(Q(requester=member) | Q(candidate=member)).order_by(
            "first_at", "pk"
        ),
        candidate="candidate__handle",
        requester="requester__handle",
        first_at="first_at",
        last_at="last_at",
        times="times",
    )
    for row in lookups:  # the candidate sees who looked them up (the references page does)
        row["record"] = "lookup_you_made" if row["requester"] == member.handle else "lookup_of_you"
    permissions = rows_of(
        CurrentEmployerPermission.objects.filter(
            Q(candidate=member) | Q(requester=member)
        ).order_by("asked_at"),
        candidate="candidate__handle",
        requester="requester__handle",
        state="state",
        asked_at="asked_at",
        expires_at="expires_at",
    )
    return [{"record": row.pop("record"), **row} for row in lookups] + tagged(
        "current_employer_permission", permissions
    )


def network_map(member: User) -> list[Row]:
    from rapport.networkmap.models import ClusterName
    from rapport.suggestions.models import Dismissal

    names = rows_of(
        ClusterName.objects.filter(member=member).order_by("name"),
        name="name",
        at="updated_at",
    )
    dismissed = rows_of(
        Dismissal.objects.filter(member=member).order_by("created_at"),
        name="dismissed__handle",
        at="created_at",
    )
    return tagged("group_name", names) + tagged("suggestion_dismissed", dismissed)
