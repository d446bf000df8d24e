"""The insight definitions on hand-made histories (pure arithmetic, no database)."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from rapport.companies.insights import Row, compute, month_index, stints

TODAY = dt.date(2026, 12, 6)
NOW = month_index(TODAY)
HERE, ACME, GLOBEX = 1, 2, 3


def m(year: int, month: int) -> int:
    return month_index(dt.date(year, month, 1))


def figures(rows, elsewhere=()):
    return compute(company_id=HERE, rows=rows, elsewhere=elsewhere, today=TODAY)


def by_month(series, year, month):
    label = f"{year:04d}-{month:02d}"
    return next(n for month_, n in series if month_ == label)


def test_a_promotion_is_one_stint_and_a_return_is_two():
    rows = [
        Row(7, HERE, m(2019, 3), m(2020, 5)),
        Row(7, HERE, m(2020, 6), m(2021, 1)),  # promoted the month after
        Row(7, HERE, m(2023, 2), None),  # left, came back
    ]
    assert stints(rows) == [
        type(stints(rows)[0])(7, m(2019, 3), m(2021, 1)),
        type(stints(rows)[0])(7, m(2023, 2), None),
    ]


def test_overlapping_positions_at_the_company_count_the_member_once():
    rows = [Row(7, HERE, m(2025, 1), None), Row(7, HERE, m(2025, 6), m(2026, 2))]
    result = figures(rows)
    assert result["headcount_now"] == 1
    assert by_month(result["headcount"], 2025, 12) == 1
    assert result["current_count"] == 1 and result["former_count"] == 0


def test_headcount_counts_the_months_of_each_stint_including_both_ends():
    rows = [Row(7, HERE, m(2025, 3), m(2025, 8)), Row(8, HERE, m(2025, 8), None)]
    result = figures(rows)
    assert by_month(result["headcount"], 2025, 2) == 0
    assert by_month(result["headcount"], 2025, 3) == 1
    assert by_month(result["headcount"], 2025, 8) == 2
    assert by_month(result["headcount"], 2025, 9) == 1
    assert result["headcount_now"] == 1
    assert len(result["headcount"]) == 24


def test_joiners_and_leavers_per_month_count_a_return_as_a_new_join():
    rows = [Row(7, HERE, m(2025, 2), m(2025, 4)), Row(7, HERE, m(2025, 9), None)]
    result = figures(rows)
    assert by_month(result["joiners"], 2025, 2) == 1
    assert by_month(result["leavers"], 2025, 4) == 1
    assert by_month(result["joiners"], 2025, 9) == 1
    assert sum(n for _, n in result["leavers"]) == 1


def test_median_tenures_split_current_and_former_stints():
    rows = [
        Row(1, HERE, m(2026, 1), None),  # 12 months so far
        Row(2, HERE, m(2025, 12), None),  # 13
        Row(3, HERE, m(2020, 1), m(2020, 12)),  # 12, ended
        Row(4, HERE, m(2019, 3), m(2021, 1)),  # 23, ended
    ]
    result = figures(rows)
    assert result["median_tenure_current"] == 12.5
    assert result["median_tenure_former"] == 17.5
    assert dict(result["tenure_distribution"]) == {
        "Under 1 year": 0,
        "1–2 years": 4,
        "2–5 years": 0,
        "5–10 years": 0,
        "10 years or more": 0,
    }


def test_leavers_go_to_the_next_company_they_started_and_joiners_come_from_the_last():
    rows = [Row(7, HERE, m(2022, 1), m(2024, 6)), Row(8, HERE, m(2023, 1), None)]
    elsewhere = [
        Row(7, ACME, m(2018, 1), m(2021, 12)),  # before HERE: came from Acme
        Row(7, GLOBEX, m(2024, 6), None),  # started the month they left: went to Globex
        Row(8, ACME, m(2015, 1), m(2016, 1)),  # long ago, but still their last employer
        Row(8, GLOBEX, m(2010, 1), None),  # a side job all along is neither
    ]
    result = figures(rows, elsewhere)
    assert result["went_to"] == [(GLOBEX, 1)]
    assert result["came_from"] == [(ACME, 2)]


def test_a_gap_after_leaving_still_names_the_next_company():
    rows = [Row(7, HERE, m(2020, 1), m(2020, 6))]
    elsewhere = [Row(7, ACME, m(2021, 9), m(2022, 1)), Row(7, GLOBEX, m(2023, 1), None)]
    assert figures(rows, elsewhere)["went_to"] == [(ACME, 1)]


def test_a_position_starting_in_the_future_is_not_counted():
    assert figures([Row(7, HERE, NOW + 2, None)])["headcount_now"] == 0


@given(
    st.lists(
        st.tuples(
            st.integers(1, 6), st.integers(NOW - 60, NOW), st.one_of(st.none(), st.integers(0, 40))
        ),
        max_size=25,
    )
)
def test_headcount_never_exceeds_members_and_each_stint_joins_once(spec):
    rows = [
        Row(member, HERE, start, None if length is None else min(start + length, NOW))
        for member, start, length in spec
    ]
    result = figures(rows)
    members = {r.member_id for r in rows}
    assert all(0 <= n <= len(members) for _, n in result["headcount"])
    merged = stints(rows)
    assert sum(n for _, n in result["tenure_distribution"]) == len(merged)
    assert result["current_count"] + result["former_count"] == len(merged)
    # Someone whose last month is this month still works here this month.
    ending_now = sum(1 for s in merged if s.end == NOW)
    assert result["headcount_now"] == result["current_count"] + ending_now
