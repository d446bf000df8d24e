from __future__ import annotations

from rapport.accounts.models import User
from rapport.network.models import Connection
from rapport.network.services import block_create, connection_create


def connect(a: User, b: User) -> Connection:
    return connection_create(member=a, other=b, source="invitation", notify=False)


def block(a: User, b: User) -> None:
    block_create(member=a, other=b)
