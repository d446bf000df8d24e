"""Small worlds for map tests: a viewer and named connections, linked as asked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from rapport.accounts.models import User
from rapport.accounts.tests.factories import make_member
from rapport.companies.services import position_add
from rapport.network.services import connection_create


def link(a: User, b: User) -> None:
    connection_create(member=a, other=b, source="operator", notify=False)


def people(prefix: str, n: int, *, employer: str = "", city: str = "") -> list[User]:
    """n members named prefix-1 … prefix-n, working at `employer`, living in `city`."""
    out = []
    for i in range(1, n + 1):
        member = make_member(f"{prefix}-{i}", f"{prefix.title()} {i}", location=city)
        if employer:
            position_add(
                member=member,
                company_name=employer,
                title="Engineer",
                started_on=dt.date(2020, 1, 1),
                is_current=True,
            )
        out.append(member)
    return out


def clique(members: Iterable[User]) -> None:
    group = list(members)
    for i, a in enumerate(group):
        for b in group[i + 1 :]:
            link(a, b)


def connect_all(viewer: User, members: Iterable[User]) -> None:
    for m in members:
        link(viewer, m)
