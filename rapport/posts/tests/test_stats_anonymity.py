"""Who viewed a post, in groups of at least k: no row, "Other" included, points at a few people."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.posts.services import post_publish
from rapport.posts.stats.anonymity import NOT_GIVEN, OTHER, VALUE, Group, anonymous_groups
from rapport.posts.stats.figures import post_statistics
from rapport.posts.tests.test_stats_figures import NOW, PUBLISHED, seen_by, view, viewer


def rows(groups: list[Group]) -> list[tuple[str, int]]:
    return [(g.label, g.count) for g in groups]


def test_four_viewers_at_a_company_fold_into_other_and_five_are_named():
    four = anonymous_groups([Group("Acme", 4)], total=9, k=5)
    assert rows(four) == [("Other", 9)]
    five = anonymous_groups([Group("Acme", 5)], total=10, k=5)
    assert rows(five) == [("Acme", 5), ("Other", 5)]


def test_a_remainder_below_k_takes_the_smallest_named_row_with_it():
    """Acme 5, Globex 5 and one viewer at Initech: "Other: 1" next to a known total would
    point at that one viewer by difference, so Globex folds in and Other is 6."""
    shown = anonymous_groups([Group("Acme", 5), Group("Globex", 5)], total=11, k=5)
    assert rows(shown) == [("Acme", 5), ("Other", 6)]
    assert shown[-1].kind == OTHER


def test_fewer_than_k_viewers_in_all_give_no_breakdown():
    assert anonymous_groups([], total=4, k=5) == []


def test_a_blank_group_is_named_under_the_same_rule():
    shown = anonymous_groups([Group("Acme", 6), Group("Not given", 5, NOT_GIVEN)], total=11, k=5)
    assert rows(shown) == [("Acme", 6), ("Not given", 5)]
    assert shown[0].share == 54.5


@given(
    counts=st.lists(st.integers(1, 12), max_size=25),
    k=st.integers(1, 7),
    top=st.integers(1, 12),
)
def test_every_row_has_at_least_k_viewers_and_the_rows_add_up(counts, k, top):
    raw = [Group(f"company {i}", n) for i, n in enumerate(counts)]
    total = sum(counts)
    shown = anonymous_groups([g for g in raw if g.count >= k], total=total, k=k, top=top)
    if total < k:
        assert shown == []
        return
    assert all(g.count >= k for g in shown)
    assert sum(g.count for g in shown) == total
    named = [g for g in shown if g.kind == VALUE]
    assert len(named) <= top
    assert {g.label for g in named} <= {g.label for g in raw if g.count >= k}
    folded = [g for g in raw if g.label not in {n.label for n in named}]
    # "Other" is never one small group on its own: one group alone is one of k or more.
    if len(folded) == 1:
        assert folded[0].count >= k
    assert [g.kind for g in shown].count(OTHER) == (1 if folded else 0)


# Through the database: the log keeps the company each viewer had when they looked.


def _companies(post):
    stats = post_statistics(author=post.author, post_id=post.pk, now=NOW)
    return {b.dimension: rows(list(b.groups)) for b in stats.breakdowns}


@pytest.mark.django_db
def test_the_page_names_a_company_once_its_fifth_viewer_looks(ada):
    post = post_publish(author=ada, body="Hiring in Lagos.", now=PUBLISHED)
    acme = [viewer(f"acme{i}", company="Acme", title=f"Role {i}") for i in range(5)]
    for member in acme[:4]:
        seen_by(post, member)
    for n in range(6):
        view(post, f"b{n:040d}")
    # Four at Acme: never named, and not left as "Other: 4" either (under k): the
    # signed-out readers fold in with them.
    assert _companies(post)["company"] == [("Other", 10)]
    seen_by(post, acme[4])
    breakdown = _companies(post)
    assert breakdown["company"] == [("Signed-out readers", 6), ("Acme", 5)]
    # Five different titles: none named; all ten members and browsers are accounted for.
    assert breakdown["title"] == [("Signed-out readers", 6), ("Other", 5)]
    assert breakdown["source"] == [("Home feed", 11)]


@pytest.mark.django_db
def test_other_is_never_one_small_group_left_by_difference(limit, ada, settings):
    limit("posts.stats_min_group", 2)
    post = post_publish(author=ada, body="Hiring in Lagos.", now=PUBLISHED)
    for handle, company in [("a1", "Acme"), ("a2", "Acme"), ("g1", "Globex"), ("g2", "Globex")]:
        seen_by(post, viewer(handle, company=company))
    seen_by(post, viewer("i1", company="Initech"))
    stats = post_statistics(author=ada, post_id=post.pk, now=NOW)
    companies = next(b for b in stats.breakdowns if b.dimension == "company")
    assert stats.unique_viewers == 5
    assert rows(list(companies.groups)) == [("Acme", 2), ("Other", 3)]


@pytest.mark.django_db
def test_blank_values_are_two_groups_signed_out_readers_and_members_who_gave_none(ada):
    post = post_publish(author=ada, body="Hiring in Lagos.", now=PUBLISHED)
    for i in range(5):
        seen_by(post, viewer(f"quiet{i}"))  # no position, no place
        view(post, f"b{i:040d}")
    view(post, "b" + "9" * 40)
    breakdown = _companies(post)
    assert breakdown["company"] == [("Signed-out readers", 6), ("Not given", 5)]
    assert breakdown["source"] == [("Home feed", 11)]
