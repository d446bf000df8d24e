"""What two members share: the context card on an invitation and the coach's knowledge.

The inbox shows a card per invitation, so `shared_many` answers for a whole page of
senders in a fixed number of queries; `shared_between` is the one-pair case.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import CharField, QuerySet, Value

from rapport.accounts.models import User
from rapport.companies.models import Company, Position
from rapport.core.compiled import Reusable
from rapport.groups.selectors import shared_groups
from rapport.invitations.coach import NoteContext
from rapport.members.models import Education, School
from rapport.network import selectors as network

# Enough mutual connections for the coach to recognise any named in a note; the
# card shows the first few.
MUTUAL_NAMES_MAX = 50


@dataclass
class Shared:
    mutual_count: int = 0
    mutual: list[User] = field(default_factory=list)
    employers: list[str] = field(default_factory=list)
    schools: list[str] = field(default_factory=list)
    # Groups both are members of (any visibility: each is in it, so neither learns more).
    groups: list[str] = field(default_factory=list)


def _organisations_query(*, ids: list[int]) -> QuerySet[Any]:
    worked = (
        Position.objects.filter(member_id__in=ids)
        .annotate(kind=Value("employer", CharField()))
        .values_list("member_id", "company_id", "kind")
        .order_by()
    )
    studied = (
        Education.objects.filter(member_id__in=ids)
        .annotate(kind=Value("school", CharField()))
        .values_list("member_id", "school_id", "kind")
        .order_by()
    )
    return worked.union(studied, all=True)


# Every invitation's coach asks it: built once per size (rapport/core/compiled.py).
_ORGANISATIONS = Reusable(_organisations_query)
_COMPANY_NAMES = Reusable(
    lambda *, ids: Company.objects.filter(pk__in=ids).values_list("pk", "name")
)
_SCHOOL_NAMES = Reusable(lambda *, ids: School.objects.filter(pk__in=ids).values_list("pk", "name"))


def _organisations(ids: set[int]) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """Each member's employers and schools (ids), in one query."""
    employers: dict[int, set[int]] = defaultdict(set)
    schools: dict[int, set[int]] = defaultdict(set)
    for member_id, org_id, kind in _ORGANISATIONS.rows(ids=sorted(ids)):
        (employers if kind == "employer" else schools)[member_id].add(org_id)
    return employers, schools


def shared_many(*, viewer: User, others: list[User]) -> dict[int, Shared]:
    """For each of `others`, what they share with `viewer`, honouring privacy.

    Mutual connections are the network's own (`network.mutual_connections_for`, from
    the graph index): the card on an invitation, the profile and search say the same.
    """
    ids = {viewer.pk, *(o.pk for o in others)}
    employers, schools = _organisations(ids)
    mutuals = network.mutual_connections_for(viewer, others, limit=MUTUAL_NAMES_MAX)
    company_ids = (
        set().union(*(employers[o.pk] & employers[viewer.pk] for o in others)) if others else set()
    )
    school_ids = (
        set().union(*(schools[o.pk] & schools[viewer.pk] for o in others)) if others else set()
    )
    company_names = dict(_COMPANY_NAMES.rows(ids=sorted(company_ids)))
    school_names = dict(_SCHOOL_NAMES.rows(ids=sorted(school_ids)))
    in_groups = shared_groups(viewer, [o.pk for o in others])
    result = {}
    for other in others:
        count, mutual = mutuals[other.pk]
        result[other.pk] = Shared(
            mutual_count=count,
            mutual=sorted(mutual, key=lambda m: (m.display_name, m.pk)),
            employers=sorted(company_names[c] for c in employers[other.pk] & employers[viewer.pk])[
                :5
            ],
            schools=sorted(school_names[s] for s in schools[other.pk] & schools[viewer.pk])[:5],
            groups=in_groups.get(other.pk, []),
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
