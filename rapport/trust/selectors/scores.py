"""Reads for trust. Every read is the member's own view of their own connections: no
function here takes a second member whose view could be read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from rapport.accounts.models import User
from rapport.core.errors import NotFound, ValidationFailed
from rapport.trust.models import TrustScore
from rapport.trust.scoring import A_YEAR

NETWORKS = ("all", "a", "b")
SORTS = ("trust", "name", "recent")


@dataclass(frozen=True)
class NetworkQuery:
    network: str = "all"  # "a", "b" or "all"
    sort: str = "trust"  # "trust" (highest first), "name", "recent" (last contact)
    quiet: bool = False  # only those with no contact in a year

    def __post_init__(self) -> None:
        if self.network not in NETWORKS:
            raise ValidationFailed(
                f"network is one of {', '.join(NETWORKS)}.", code="trust.network", field="network"
            )
        if self.sort not in SORTS:
            raise ValidationFailed(
                f"sort is one of {', '.join(SORTS)}.", code="trust.sort", field="sort"
            )


def my_network(
    member: User, query: NetworkQuery, *, now: dt.datetime | None = None
) -> QuerySet[TrustScore]:
    """The member's connections with their trust, filtered and sorted as asked."""
    now = now or timezone.now()
    qs = TrustScore.objects.filter(member=member, other__is_active=True).select_related(
        "other", "other__profile"
    )
    if query.network == "a":
        qs = qs.filter(a_network=True)
    elif query.network == "b":
        qs = qs.filter(a_network=False)
    if query.quiet:
        qs = qs.filter(Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=now - A_YEAR))
    if query.sort == "name":
        return qs.order_by("other__display_name", "other_id")
    if query.sort == "recent":
        return qs.order_by("-last_contact_at", "-score", "other_id")
    return qs.order_by("-score", "other__display_name", "other_id")


@dataclass(frozen=True)
class NetworkSizes:
    a: int
    b: int
    prune: int


def network_sizes(member: User) -> NetworkSizes:
    rows = TrustScore.objects.filter(member=member, other__is_active=True)
    a = rows.filter(a_network=True).count()
    total = rows.count()
    return NetworkSizes(a=a, b=total - a, prune=rows.filter(prune=True).count())


def prune_suggestions(member: User) -> QuerySet[TrustScore]:
    """Connections whose risk outweighs their rapport and credibility, riskiest first."""
    return (
        TrustScore.objects.filter(member=member, prune=True, other__is_active=True)
        .select_related("other", "other__profile")
        .order_by("-risk", "score", "other_id")
    )


def trust_of_connection(member: User, other: User) -> TrustScore:
    """The member's own view of one connection, with its reasons."""
    found = TrustScore.objects.filter(member=member, other=other).select_related("other").first()
    if found is None:
        raise NotFound(
            f"No trust score for {other.display_name}: you are not connected, or it is still "
            "being computed.",
            code="trust.not_found",
        )
    return found


def in_a_network_of(member_ids: list[int], other_id: int) -> set[int]:
    """Which of `member_ids` count `other_id` in their A network (their own, private
    view of that connection): used to honour "mentions from my A network only"."""
    return set(
        TrustScore.objects.filter(
            member_id__in=member_ids, other_id=other_id, a_network=True
        ).values_list("member_id", flat=True)
    )
