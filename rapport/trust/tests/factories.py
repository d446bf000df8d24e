"""A chain of connections for introduction tests: ada — ben — chidi — dee."""

from __future__ import annotations

from rapport.accounts.models import User
from rapport.accounts.tests.factories import make_member
from rapport.conversations.tests.factories import connect
from rapport.members.services import privacy_update
from rapport.trust import services

REASON = "I am moving our clinic's records to open standards and Chidi led that at Lagos General."
OFFER = "I can share our migration playbook and the data-quality checks we wrote."


def chain(ada: User, ben: User, chidi: User, *, dee: bool = False) -> User | None:
    """Connect ada—ben—chidi (and chidi—dee); chidi is 2nd degree to ada, dee 3rd —
    which needs chidi to show his list to everyone (decision 0011), so he does."""
    connect(ada, ben, days_ago=200)
    connect(ben, chidi, days_ago=200)
    fourth = None
    if dee:
        fourth = make_member("dee", "Dee Mensah")
        connect(chidi, fourth, days_ago=200)
        privacy_update(member=chidi, connections_visibility="everyone")
    return fourth


def ask(requester: User, target: User, path: list[User], **kwargs):
    """Ask along `path`, by asking its first introducer (the route Rapport picks through
    them must be `path`: these tests' graphs give one route per first hop)."""
    intro = services.introduction_request(
        requester=requester,
        target=target,
        via=path[1] if len(path) > 2 else path[-1],
        reason=kwargs.pop("reason", REASON),
        offer=kwargs.pop("offer", OFFER),
        **kwargs,
    )
    assert intro.path == [m.pk for m in path], "the route through that first hop differs"
    return intro
