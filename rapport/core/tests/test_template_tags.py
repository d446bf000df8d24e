"""Template helpers shared by every app."""

import datetime as dt

import pytest

from rapport.core.templatetags.rapport_tags import since

NOW = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("before", "said"),
    [
        (dt.timedelta(seconds=0), "just now"),
        (dt.timedelta(seconds=59), "just now"),
        (dt.timedelta(minutes=1), "1\xa0minute ago"),
        (dt.timedelta(hours=3, minutes=20), "3\xa0hours ago"),
        (dt.timedelta(days=9), "1\xa0week ago"),
    ],
)
def test_since_never_says_zero_minutes(before, said):
    assert since(NOW - before, NOW) == said


def test_since_of_nothing_is_empty():
    assert since(None, NOW) == ""


@pytest.mark.parametrize(
    ("months", "said"),
    [
        (0, "0 mos"),
        (1, "1 mo"),
        (8, "8 mos"),
        (12, "1 yr"),
        (86, "7 yrs 2 mos"),
        (25, "2 yrs 1 mo"),
    ],
)
def test_tenure_reads_as_years_and_months(months, said):
    from rapport.core.templatetags.rapport_tags import tenure

    assert tenure(months) == said
