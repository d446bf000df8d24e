"""The properties the score must have, stated on the arithmetic (no database)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.influence.reasons import change_reasons
from rapport.influence.scoring import (
    PART_WEIGHT,
    Community,
    Facts,
    Parts,
    Response,
    parts_of,
    pod_damping,
    rank_of,
    ranks,
    scale_of,
    score_on,
)

ME = 1


def facts(responses: list[Response], reached: int = 100, **kw: object) -> Facts:
    return Facts(member=ME, content=responses, reached=reached, **kw)  # type: ignore[arg-type]


def raw(f: Facts, community: Community | None = None) -> float:
    return parts_of(f, community or Community()).raw


@given(
    people=st.sets(st.integers(min_value=10, max_value=500), min_size=1, max_size=30),
    posts=st.integers(min_value=2, max_value=10),
    kind=st.sampled_from(["reaction", "comment", "share"]),
)
def test_more_posts_with_the_same_people_responding_earn_nothing_more(people, posts, kind):
    once = [Response(p, 100, kind) for p in people]
    many = [Response(p, 100 + n, kind) for p in people for n in range(posts)]
    assert raw(facts(many)) == raw(facts(once))


@given(people=st.sets(st.integers(min_value=10, max_value=500), min_size=1, max_size=30))
def test_a_share_weighs_more_than_a_comment_more_than_a_reaction(people):
    by = {k: raw(facts([Response(p, 100, k) for p in people])) for k in KINDS}
    assert by["share"] > by["comment"] > by["reaction"] > 0


KINDS = ("reaction", "comment", "share")


def test_a_pod_of_ten_gains_less_than_ten_unrelated_responders():
    pod = set(range(2, 11))  # nine others, and the member: ten who answer each other
    members = pod | {ME}
    responds_to = {m: frozenset(members - {m}) for m in members}
    pod_community = Community(responds_to=responds_to)
    in_pod = facts([Response(p, 100, "reaction") for p in pod])
    strangers = facts([Response(p, 100, "reaction") for p in range(20, 29)])
    unrelated = Community(responds_to={p: frozenset({ME}) for p in range(20, 29)})
    assert raw(in_pod, pod_community) < raw(strangers, unrelated)
    # A friend who likes the member's posts, and whom the member likes back, but who
    # answers many others who never answer back, is not a pod.
    friend = facts([Response(50, 100, "reaction")])
    open_circle = Community(responds_to={50: frozenset({ME, 60, 61, 62, 63}), ME: frozenset({50})})
    assert parts_of(friend, open_circle).counts["pod"] == 0
    assert parts_of(in_pod, pod_community).counts["pod"] == 9


@given(outsiders=st.integers(min_value=0, max_value=9))
def test_a_pod_that_also_likes_a_few_outsiders_posts_is_still_damped(outsiders):
    """Ten who answer each other, each also answering up to nine outsiders who never answer
    back: at most half of each one's answered people are outside the pod, so each still
    counts at most 0.6 of an unrelated responder (a threshold alone let them escape)."""
    pod = set(range(2, 11))
    members = pod | {ME}
    responds_to = {
        m: frozenset((members - {m}) | {1000 + 100 * m + k for k in range(outsiders)})
        for m in members
    }
    community = Community(responds_to=responds_to)
    for p in pod:
        assert community.damping(ME, p) <= 0.6
    in_pod = facts([Response(p, 100, "reaction") for p in pod])
    strangers = facts([Response(p, 100, "reaction") for p in range(20, 29)])
    assert raw(in_pod, community) < raw(strangers)


@given(a=st.floats(0, 1), b=st.floats(0, 1))
def test_the_closer_a_responders_circle_the_less_they_count(a, b):
    low, high = sorted((a, b))
    assert 0.2 <= pod_damping(high) <= pod_damping(low) <= 1.0


@given(
    people=st.sets(st.integers(min_value=10, max_value=500), min_size=1, max_size=20),
    low=st.integers(min_value=1, max_value=99),
    kind=st.sampled_from(KINDS),
)
def test_responses_weigh_by_who_gives_them(people, low, kind):
    """The same people responding the same way weigh more when others answer them more
    (their last score higher): ten throwaway accounts are not ten respected members."""
    responses = facts([Response(p, 100, kind) for p in people])
    lesser = Community(scores=dict.fromkeys(people, low))
    greater = Community(scores=dict.fromkeys(people, low + 1))
    assert raw(responses, greater) > raw(responses, lesser)


def test_ten_new_accounts_count_for_about_half_of_ten_established_members():
    socks = facts([Response(p, 100, "reaction") for p in range(20, 30)])
    established = Community(scores=dict.fromkeys(range(20, 30), 60))
    new = Community()  # never scored: 1
    weighed = parts_of(socks, new).counts, parts_of(socks, established).counts
    assert weighed[0]["responders"] == weighed[1]["responders"] == 10
    assert raw(socks, new) < raw(socks, established)
    assert new.weight(ME, 20) / established.weight(ME, 20) == pytest.approx(0.51 / 1.1)


@given(
    people=st.sets(st.integers(min_value=10, max_value=500), min_size=0, max_size=20),
    bad=st.sets(st.integers(min_value=1000, max_value=1100), min_size=1, max_size=10),
    kind=st.sampled_from(KINDS),
)
def test_a_restricted_or_reported_responder_counts_for_nothing(people, bad, kind):
    community = Community(discounted=frozenset(bad))
    without = facts([Response(p, 100, kind) for p in people], talked=set())
    with_bad = facts(
        [Response(p, 100, kind) for p in people | bad], talked=set(bad), connections=frozenset()
    )
    assert parts_of(with_bad, community).raw == parts_of(without, community).raw


def test_responses_from_beyond_ones_connections_add_reach():
    inside = facts(
        [Response(p, 100, "comment") for p in range(10, 15)], connections=frozenset(range(10, 15))
    )
    outside = facts([Response(p, 100, "comment") for p in range(10, 15)])
    assert parts_of(outside, Community()).reach > parts_of(inside, Community()).reach == 0


def test_relative_to_the_audience_reached():
    few_of_many = facts([Response(p, 100, "reaction") for p in range(10, 15)], reached=500)
    few_of_few = facts([Response(p, 100, "reaction") for p in range(10, 15)], reached=5)
    assert raw(few_of_few) > raw(few_of_many)


def test_i_dont_know_answers_lower_the_network_part():
    good = facts([], invitations_decided=10, invitations_accepted=9)
    bad = facts([], invitations_decided=10, invitations_accepted=6, dont_know=4)
    assert parts_of(bad, Community()).network < parts_of(good, Community()).network


@given(st.lists(st.floats(min_value=0, max_value=50, allow_nan=False), min_size=1, max_size=60))
def test_the_mapping_to_1_100_is_monotonic_and_bounded(raws):
    scored = ranks(dict(enumerate(raws)))
    pairs = sorted(zip(raws, (scored[i] for i in range(len(raws))), strict=True))
    for (_, a), (_, b) in itertools.pairwise(pairs):
        assert a <= b
    assert all(1 <= s <= 100 for s in scored.values())
    assert all(
        (s == 1) == (r == 0)
        for r, s in zip(raws, (scored[i] for i in range(len(raws))), strict=True)
    )
    if max(raws) > 0:
        assert scored[raws.index(max(raws))] == 100


@given(st.lists(st.floats(min_value=0, max_value=50, allow_nan=False), min_size=1, max_size=80))
def test_the_stored_scale_scores_every_value_as_the_ranking_does(raws):
    """One member's recompute scores on the last daily pass's scale: for every value that
    pass ranked, the same score; between values, monotonic."""
    scored = ranks(dict(enumerate(raws)))
    scale = scale_of(raws)
    assert all(score_on(r, scale) == scored[i] for i, r in enumerate(raws))
    probes = sorted(raws + [r / 2 for r in raws] + [r + 0.001 for r in raws])
    on_scale = [score_on(r, scale) for r in probes]
    assert on_scale == sorted(on_scale)


def test_a_rank_means_the_same_in_a_small_and_a_large_community():
    small = sorted([0.5, 1.0, 2.0, 4.0])
    large = sorted([0.5] * 250 + [1.0] * 250 + [2.0] * 250 + [4.0] * 250)
    assert rank_of(2.0, small) == rank_of(2.0, large) == 1 + int(99 * 0.75**2)


parts_strategy = st.builds(
    Parts,
    content=st.floats(0, 10),
    conversation=st.floats(0, 10),
    network=st.floats(-3, 5),
    reach=st.floats(0, 10),
    counts=st.just(
        {
            "responders": 3,
            "shared": 1,
            "commented": 1,
            "reacted": 1,
            "reached": 9,
            "pod": 0,
            "ignored": 0,
            "talked": 2,
            "invitations_decided": 4,
            "invitations_accepted": 3,
            "dont_know": 1,
            "introductions_made": 0,
            "introductions_received": 0,
            "outside": 1,
            "top_piece": "Hiring",
            "top_piece_people": 3,
        }
    ),
)


@given(before=parts_strategy, after=parts_strategy, points=st.integers(-99, 99))
def test_the_reasons_add_up_to_the_change_and_point_the_way_their_part_moved(before, after, points):
    reasons = change_reasons(before, after, points)
    assert sum(r.points for r in reasons) == points
    for reason in reasons:
        assert reason.points != 0
        if reason.part in PART_WEIGHT:
            moved = after.value(reason.part) - before.value(reason.part)
            assert (moved > 0) == (reason.points > 0)


@given(
    before=parts_strategy,
    after=parts_strategy,
    points=st.integers(-99, 99),
    responders=st.integers(0, 40),
    later=st.integers(0, 40),
)
def test_no_reason_says_the_opposite_of_its_points(before, after, points, responders, later):
    """ "+7: 2 fewer people responded" must not happen, whatever the counts did."""
    before = Parts(
        before.content,
        before.conversation,
        before.network,
        before.reach,
        {**before.counts, "responders": responders, "talked": responders, "outside": responders},
    )
    after = Parts(
        after.content,
        after.conversation,
        after.network,
        after.reach,
        {**after.counts, "responders": later, "talked": later, "outside": later},
    )
    for reason in change_reasons(before, after, points):
        words = reason.text
        if reason.points > 0:
            assert "fewer" not in words and "less" not in words and "worsened" not in words
        else:
            assert " more " not in f" {words} " and "improved" not in words
        assert not words.startswith("0 ")


def _network(**counts: int) -> Parts:
    numbers = (
        dict.fromkeys(
            (
                "responders",
                "shared",
                "commented",
                "reacted",
                "reached",
                "pod",
                "ignored",
                "talked",
                "invitations_decided",
                "invitations_accepted",
                "dont_know",
                "introductions_made",
                "introductions_received",
                "outside",
                "top_piece_people",
            ),
            0,
        )
        | counts
    )
    acceptance = numbers["invitations_accepted"] / (numbers["invitations_decided"] + 2)
    network = 1.5 * acceptance - 0.3 * numbers["dont_know"]
    return Parts(0.0, 0.0, network, 0.0, {**numbers, "top_piece": ""})


def test_answers_leaving_the_window_are_said_as_such_not_as_worse_answers():
    before = _network(invitations_decided=1, invitations_accepted=1)
    after = _network()
    (reason,) = change_reasons(before, after, -8)
    assert reason.text == "1 older acceptance no longer counts."
    before = _network(invitations_decided=3, dont_know=2, invitations_accepted=1)
    after = _network(invitations_decided=1, invitations_accepted=1)
    (reason,) = change_reasons(before, after, 5)
    assert reason.text == "2 older “I don't know” answers no longer count."


def test_a_network_sentence_keeps_its_capitals():
    from rapport.influence.reasons import part_sentences

    text = part_sentences(_network(invitations_decided=4, invitations_accepted=2, dont_know=2))
    assert text["network"] == (
        "2 of 4 invitations you sent accepted; 2 invitations answered “I don't know”."
    )
