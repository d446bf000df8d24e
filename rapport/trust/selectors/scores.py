"""Reads for trust. Every read is the member's own view of their own connections: no
function here takes a second member whose view could be read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from rapport.accounts.models import User
from rapport.core.compiled import Reusable
from rapport.core.errors import NotFound, ValidationFailed
from rapport.core.pagination import Page, paginate_fetched
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
    return _network_query(
        member=member.pk,
        network=query.network,
        sort=query.sort,
        quiet_before=now - A_YEAR if query.quiet else None,
    )


def _network_query(
    *, member: int, network: str, sort: str, quiet_before: dt.datetime | None
) -> QuerySet[TrustScore]:
    qs = TrustScore.objects.filter(member_id=member, other__is_active=True).select_related(
        "other", "other__profile"
    )
    if network == "a":
        qs = qs.filter(a_network=True)
    elif network == "b":
        qs = qs.filter(a_network=False)
    if quiet_before is not None:
        qs = qs.filter(Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=quiet_before))
    if sort == "name":
        return qs.order_by("other__display_name", "other_id")
    if sort == "recent":
        return qs.order_by("-last_contact_at", "-score", "other_id")
    return qs.order_by("-score", "other__display_name", "other_id")


@dataclass(frozen=True)
class NetworkSizes:
    a: int
    b: int
    prune: int


def _sizes_query(*, member: int) -> QuerySet[TrustScore, Any]:
    return (
        TrustScore.objects.filter(member_id=member, other__is_active=True)
        .values("member_id")
        .annotate(
            total=Count("pk"),
            a=Count("pk", filter=Q(a_network=True)),
            prune=Count("pk", filter=Q(prune=True)),
        )
        .values_list("total", "a", "prune")
    )


def _prune_query(*, member: int, limit: int) -> QuerySet[TrustScore]:
    return _prune_suggestions(member)[:limit]


# The trust page asks these on every view: built once (rapport/core/compiled.py); its
# list is one statement for every page of it (`window`).
_NETWORK = Reusable(_network_query)
_SIZES = Reusable(_sizes_query)
_PRUNE = Reusable(_prune_query)


def network_sizes(member: User) -> NetworkSizes:
    """How many are in each network, and how many are worth pruning: one query."""
    found = _SIZES.rows(member=member.pk)
    total, a, prune = found[0] if found else (0, 0, 0)
    return NetworkSizes(a=a, b=total - a, prune=prune)


def network_page(
    member: User,
    query: NetworkQuery,
    *,
    page: int,
    size: int,
    sizes: NetworkSizes,
    now: dt.datetime | None = None,
) -> Page[TrustScore]:
    """One page of `my_network`, counted from `sizes` where they tell (all, A or B)."""
    now = now or timezone.now()
    values: dict[str, Any] = {
        "member": member.pk,
        "quiet_before": now - A_YEAR if query.quiet else None,
    }
    shape = {"network": query.network, "sort": query.sort}
    if query.quiet:
        total = _NETWORK.count(shape=shape, **values)
    else:
        total = {"a": sizes.a, "b": sizes.b}.get(query.network, sizes.a + sizes.b)
    return paginate_fetched(
        lambda offset, limit: _NETWORK.objects(shape=shape, window=(offset, limit), **values),
        total=total,
        page=page,
        size=size,
    )


def prune_suggestions(member: User) -> QuerySet[TrustScore]:
    """Connections whose risk outweighs their rapport and credibility, riskiest first."""
    return _prune_suggestions(member.pk)


def _prune_suggestions(member_id: int) -> QuerySet[TrustScore]:
    return (
        TrustScore.objects.filter(member_id=member_id, prune=True, other__is_active=True)
        .select_related("other", "other__profile")
        .order_by("-risk", "score", "other_id")
    )


def worth_pruning(member: User, *, limit: int = 10) -> list[TrustScore]:
    """The first `limit` of `prune_suggestions`, for the trust page."""
    return _PRUNE.objects(member=member.pk, shape={"limit": limit})


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
