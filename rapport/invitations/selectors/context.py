"""What two members share: the context card on an invitation and the coach's knowledge.

The inbox shows a card per invitation, so `shared_many` answers for a whole page of
senders in a fixed number of queries; `shared_between` is the one-pair case.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from rapport.accounts.models import ConnectionsVisibility, User
from rapport.companies.models import Company, Position
from rapport.invitations.coach import NoteContext
from rapport.members.models import Education, School
from rapport.network.models import Connection

# Enough mutual connections for the coach to recognise any named in a note; the
# card shows the first few.
MUTUAL_NAMES_MAX = 50


@dataclass
class Shared:
    mutual_count: int = 0
    mutual: list[User] = field(default_factory=list)
    employers: list[str] = field(default_factory=list)
    schools: list[str] = field(default_factory=list)
    # Groups and events arrive with the groups capability; the card shows them then.
    groups: list[str] = field(default_factory=list)


def _neighbours(ids: set[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    rows = Connection.objects.filter(
        Q(member_low_id__in=ids) | Q(member_high_id__in=ids)
    ).values_list("member_low_id", "member_high_id")
    for low, high in rows:
        if low in ids:
            found[low].add(high)
        if high in ids:
            found[high].add(low)
    return found


def _organisations(
    model: type[Position] | type[Education], field_name: str, ids: set[int]
) -> dict[int, set[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    for member_id, org_id in model.objects.filter(member_id__in=ids).values_list(
        "member_id", field_name
    ):
        found[member_id].add(org_id)
    return found


def _list_visible(viewer: User, other: User, *, connected: bool) -> bool:
    """Whether `viewer` may see `other`'s connections: naming a mutual reveals part of them.

    The rule of `network.selectors.can_see_connections`, with the connection already known.
    """
    if other.connections_visibility == ConnectionsVisibility.EVERYONE:
        return True
    return other.connections_visibility == ConnectionsVisibility.CONNECTIONS and connected


def shared_many(*, viewer: User, others: list[User]) -> dict[int, Shared]:
    """For each of `others`, what they share with `viewer`, honouring privacy.

    Mutual connections are named only where `viewer` may see `other`'s list, and a
    member who shows their own list to nobody is never named: either would disclose
    part of a list its owner keeps private.
    """
    ids = {viewer.pk, *(o.pk for o in others)}
    neighbours = _neighbours(ids)
    employers = _organisations(Position, "company_id", ids)
    schools = _organisations(Education, "school_id", ids)
    mutual_ids = {
        o.pk: neighbours[viewer.pk] & neighbours[o.pk]
        if _list_visible(viewer, o, connected=o.pk in neighbours[viewer.pk])
        else set()
        for o in others
    }
    visible = {
        m.pk: m
        for m in User.objects.filter(
            pk__in=set().union(*mutual_ids.values()) if mutual_ids else set(), is_active=True
        )
        .exclude(connections_visibility=ConnectionsVisibility.ONLY_ME)
        .order_by("display_name", "pk")
    }
    company_ids = (
        set().union(*(employers[o.pk] & employers[viewer.pk] for o in others)) if others else set()
    )
    school_ids = (
        set().union(*(schools[o.pk] & schools[viewer.pk] for o in others)) if others else set()
    )
    company_names = dict(Company.objects.filter(pk__in=company_ids).values_list("pk", "name"))
    school_names = dict(School.objects.filter(pk__in=school_ids).values_list("pk", "name"))
    result = {}
    for other in others:
        mutual = [m for m in visible.values() if m.pk in mutual_ids[other.pk]]
        result[other.pk] = Shared(
            mutual_count=len(mutual),
            mutual=mutual[:MUTUAL_NAMES_MAX],
            employers=sorted(company_names[c] for c in employers[other.pk] & employers[viewer.pk])[
                :5
            ],
            schools=sorted(school_names[s] for s in schools[other.pk] & schools[viewer.pk])[:5],
        )
    return result


def shared_between(*, viewer: User, other: User) -> Shared:
    return shared_many(viewer=viewer, others=[other])[other.pk]


def coach_context(*, sender: User, recipient: User, shared: Shared) -> NoteContext:
    """What the coach may check a note against: real names and real shared history."""
    return NoteContext(
        recipient_name=recipient.display_name,
        sender_name=sender.display_name,
        mutual_names=tuple(m.display_name for m in shared.mutual),
        shared_employers=tuple(shared.employers),
        shared_schools=tuple(shared.schools),
        shared_groups=tuple(shared.groups),
    )


def note_context(*, sender: User, recipient: User) -> NoteContext:
    return coach_context(
        sender=sender, recipient=recipient, shared=shared_between(viewer=sender, other=recipient)
    )
