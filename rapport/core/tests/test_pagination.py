"""Page numbers from hostile query strings, clamped pages, and ids read from text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.core.ids import MAX_ID, BadId, parse_id, parse_ids
from rapport.core.pagination import MAX_PAGE, page_number, paginate

FIVE_THOUSAND_DIGITS = "9" * 5000


@pytest.mark.parametrize(
    ("raw", "page"),
    [
        (None, 1),
        ("", 1),
        ("3", 3),
        (" 3 ", 3),
        ("0", 1),
        ("-1", 1),
        ("abc", 1),
        ("1.5", 1),
        ("²", 1),  # str.isdigit() says yes; int() says no
        ("٣", 1),  # an Arabic-Indic three: int() would read it, a URL should not
        ("9223372036854775807", MAX_PAGE),
        (FIVE_THOUSAND_DIGITS, MAX_PAGE),  # past int()'s 4,300-digit limit
    ],
)
def test_page_number_reads_any_text_as_a_page(raw, page):
    assert page_number(raw) == page


@given(st.text())
def test_page_number_never_raises_and_stays_in_range(raw):
    assert 1 <= page_number(raw) <= MAX_PAGE


@pytest.mark.parametrize(
    ("asked", "served"), [(-5, 1), (0, 1), (1, 1), (3, 3), (4, 3), (MAX_PAGE, 3)]
)
def test_paginate_clamps_to_the_pages_there_are(asked, served):
    page = paginate(list(range(25)), page=asked, size=10)
    assert (page.number, page.pages, page.total) == (served, 3, 25)
    assert page.items == list(range(25))[(served - 1) * 10 : served * 10]


def test_an_empty_list_has_one_empty_page():
    page = paginate([], page=7, size=10)
    assert (page.number, page.pages, page.items, page.has_next) == (1, 1, [], False)


@pytest.mark.parametrize("raw", ["1", "42", str(MAX_ID), " 7 "])
def test_parse_id_reads_a_64_bit_id(raw):
    assert parse_id(raw) == int(raw)


@pytest.mark.parametrize(
    "raw", ["", "0", "-1", "01", "1.5", "abc", "²", str(MAX_ID + 1), FIVE_THOUSAND_DIGITS]
)
def test_parse_id_refuses_what_cannot_name_a_record(raw):
    with pytest.raises(BadId) as refused:
        parse_id(raw)
    assert (refused.value.code, refused.value.status) == ("request.bad_id", 400)
    assert len(refused.value.message) < 100  # five thousand digits are not echoed back


def test_parse_ids_keeps_order_drops_repeats_and_bounds_the_count():
    assert parse_ids(["3", "1", "3"]) == [3, 1]
    with pytest.raises(BadId):
        parse_ids(["1", "²"])
    with pytest.raises(BadId):
        parse_ids([str(i) for i in range(1, 12)], limit=10)
