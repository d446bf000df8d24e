"""Which routes an introduction is offered along: never longer than needed, the shortest
one that is not weak first, and straight to the target once an introducer knows them.

The cast is issue 11's: Zoe is connected to Ada; Ada knows Ben directly and also through
Sarah, and Ada, Sarah and Ben have all really talked, while Ada and Ben never wrote.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.accounts.models import User
from rapport.accounts.tests.factories import make_member
from rapport.conversations import selectors as conversations
from rapport.conversations import services as messaging
from rapport.conversations.tests.factories import GENUINE, connect
from rapport.members.services import privacy_update
from rapport.notifications.models import Notification
from rapport.trust import selectors, services
from rapport.trust.models import Introduction, StepState
from rapport.trust.selectors.introductions import (
    HOP_WEAK,
    ROUTES_CONSIDERED,
    rank_routes,
    shortest_routes,
)
from rapport.trust.tests.factories import OFFER, REASON

pytestmark = pytest.mark.django_db


def talk(a: User, b: User) -> None:
    """Both write and reply: the tie between them is not weak, from either side."""
    messaging.message_send(sender=a, recipient=b, text=GENUINE)
    messaging.message_send(sender=b, recipient=a, text="Thanks, that was useful.")


@pytest.fixture
def zoe(db):
    return make_member("zoe", "Zoe Adeyemi", headline="Founder at Tidewater")


@pytest.fixture
def sarah(db):
    return make_member("sarah", "Sarah Lindqvist", headline="Engineering manager")


def recompute(*members: User) -> None:
    for member in members:
        services.trust_recompute(member=member)


def steps(intro: Introduction) -> list[tuple[int, str]]:
    return [(s.member_id, s.state) for s in intro.steps.order_by("position")]


def test_a_first_hop_who_knows_the_target_is_asked_to_introduce_them_directly(zoe, ada, sarah, ben):
    connect(zoe, ada, days_ago=100)
    connect(ada, ben, days_ago=100)
    connect(ada, sarah, days_ago=100)
    connect(sarah, ben, days_ago=100)
    talk(zoe, ada)
    talk(ada, sarah)
    talk(sarah, ben)
    recompute(zoe, ada, sarah, ben)
    # The detour through Sarah is stronger on paper (Ada and Ben never wrote), but Ada
    # knows Ben: sending it through Sarah adds a hop and a person for nothing.
    proposals = selectors.path_proposals(zoe, ben)
    assert [p.ids for p in proposals] == [[zoe.pk, ada.pk, ben.pk]]
    assert proposals[0].weak
    assert proposals[0].warnings == ["Ada Lovelace has only a weak tie with Ben."]
    intro = services.introduction_request(
        requester=zoe, target=ben, via=ada, reason=REASON, offer=OFFER
    )
    assert intro.path == [zoe.pk, ada.pk, ben.pk]
    adas = selectors.introduction_for(ada, intro.pk)
    assert adas.passes_to is not None and adas.passes_to.member_id == ben.pk
    services.introduction_forward(member=ada, introduction_id=intro.pk, note="Zoe is great.")
    assert steps(intro) == [(ada.pk, StepState.FORWARDED), (ben.pk, StepState.ASKED)]


def test_routes_are_never_longer_than_needed(zoe, ada, sarah, ben):
    kim = make_member("kim", "Kim Park")
    connect(zoe, ada)
    connect(ada, ben)
    connect(ada, sarah)
    connect(sarah, ben)
    connect(zoe, kim)
    connect(kim, sarah)
    connect(zoe, sarah)  # Zoe knows Sarah herself: Kim → Sarah → Ben is a detour too
    routes = selectors.routes_for(zoe, ben)
    assert sorted(routes) == sorted([[zoe.pk, ada.pk, ben.pk], [zoe.pk, sarah.pk, ben.pk]])
    assert selectors.routes_for(zoe, ada) == []  # connected: nobody needs to introduce them


def test_shortest_routes_keeps_only_routes_without_a_shortcut():
    a, x, y, z, b = 1, 2, 3, 4, 5
    paths = [[a, x, b], [a, x, y, b], [a, y, x, b], [a, z, y, b]]
    # x knows b, so a asks x and x asks b: a→x→y→b and a→y→x→b (a knows x) are detours;
    # a→z→y→b stays (nobody on it knows anyone further along but their neighbour).
    assert shortest_routes(paths) == [[a, x, b], [a, z, y, b]]
    assert shortest_routes([[a, b], [a, x, b]]) == []


def test_the_shortest_route_that_is_not_weak_comes_first():
    a, x, y, z, b = 1, 2, 3, 4, 5
    fair = HOP_WEAK + 5
    strength = {(a, x): 90, (x, y): 90, (y, b): 90, (a, z): fair, (z, b): 95}
    ranked = rank_routes([[a, z, b], [a, x, y, b]], strength)
    # One hop fewer wins over a stronger but longer route, unless it is weak.
    assert [path for path, _ in ranked] == [[a, z, b], [a, x, y, b]]
    strength[(a, z)] = HOP_WEAK - 1
    ranked = rank_routes([[a, z, b], [a, x, y, b]], strength)
    assert [path for path, _ in ranked] == [[a, x, y, b], [a, z, b]]
    assert [s for _, s in ranked] == [90, HOP_WEAK - 1]


def test_an_introducer_who_now_knows_the_target_passes_it_straight_to_them(
    zoe, ada, sarah, ben, django_capture_on_commit_callbacks
):
    connect(zoe, ada)
    connect(ada, sarah)
    connect(sarah, ben)
    privacy_update(member=sarah, connections_visibility="everyone")  # a far hop Zoe may see
    intro = services.introduction_request(
        requester=zoe, target=ben, via=ada, reason=REASON, offer=OFFER
    )
    assert intro.path == [zoe.pk, ada.pk, sarah.pk, ben.pk]
    connect(ada, ben)  # they met since Zoe asked
    adas = selectors.introduction_for(ada, intro.pk)
    assert adas.passes_to is not None and adas.passes_to.member_id == ben.pk
    with django_capture_on_commit_callbacks(execute=True):
        services.introduction_forward(member=ada, introduction_id=intro.pk, note="Zoe is great.")
    assert steps(intro) == [
        (ada.pk, StepState.FORWARDED),
        (sarah.pk, StepState.SKIPPED),
        (ben.pk, StepState.ASKED),
    ]
    brought_by = selectors.introduction_for(ben, intro.pk).brought_by
    assert brought_by is not None and brought_by.member_id == ada.pk
    with django_capture_on_commit_callbacks(execute=True):
        services.introduction_accept(member=ben, introduction_id=intro.pk)
    intro.refresh_from_db()
    assert intro.conversation is not None
    # Ada brought it, so Ada is in the conversation; Sarah was never asked and hears nothing.
    for member in (zoe, ada, ben):
        conversations.conversation_for(member, intro.conversation.pk)
    assert "Ada Lovelace introduced" in conversations.messages_for(ben, intro.conversation)[0].text
    assert not Notification.objects.filter(recipient=sarah, kind__startswith="intro").exists()


@settings(max_examples=150, deadline=None)
@given(
    edges=st.sets(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=24),
    ends=st.tuples(st.integers(0, 7), st.integers(0, 7)).filter(lambda e: e[0] != e[1]),
)
def test_no_route_has_a_shortcut_and_every_route_without_one_is_kept(edges, ends):
    """On any small graph, from the real graph index: the routes kept are exactly the
    simple routes of two or three hops in which nobody knows anyone further along
    but their neighbour."""
    from rapport.network.graph.graph_index import GraphIndex

    pairs = {frozenset(e) for e in edges if e[0] != e[1]}
    index = GraphIndex.from_edges(8, [min(p) for p in pairs], [max(p) for p in pairs])
    a, b = ends
    routes = shortest_routes(index.paths(a, b, ROUTES_CONSIDERED))

    def chordless(path: list[int]) -> bool:
        return all(
            frozenset((path[i], path[j])) not in pairs
            for i in range(len(path))
            for j in range(i + 2, len(path))
        )

    near = [m for m in range(8) if frozenset((a, m)) in pairs]
    every = [[a, x, b] for x in near if frozenset((x, b)) in pairs] + [
        [a, x, y, b]
        for x in near
        for y in range(8)
        if len({a, x, y, b}) == 4 and frozenset((x, y)) in pairs and frozenset((y, b)) in pairs
    ]
    expected = [] if frozenset((a, b)) in pairs else [p for p in every if chordless(p)]
    assert all(chordless(route) and len(route) in (3, 4) for route in routes)
    assert sorted(routes) == sorted(expected)
