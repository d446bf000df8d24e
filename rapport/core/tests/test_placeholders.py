"""Slots inside quoted code: what members discuss, not merge fields left unfilled."""

from __future__ import annotations

import pytest

from rapport.core.placeholders import mask_code_slots


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("does `{first_name}` survive accents?", "does ` xslot ` survive accents?"),
        ("we tried `*|FNAME|*` and `[Company]`", "we tried ` xslot ` and ` xslot `"),
        ("we print f'Hi {name}' today", "we print f'Hi  xslot ' today"),
        ('RF"{x}" and ```a {{ b }}\nc```', 'RF" xslot " and ```a  xslot \nc```'),
        ("`I do audits at $40/hour`", "`I do audits at $40/hour`"),  # the words stay
        ("the f's and {g}'s", "the f's and {g}'s"),  # no f-string: no field inside quotes
        ("I`m sure {company} we`ll", "I`m sure {company} we`ll"),  # backticks as apostrophes
        ("Hi {first_name}, welcome", "Hi {first_name}, welcome"),  # not quoted: a slot
    ],
)
def test_only_the_slots_inside_quoted_code_are_masked(text: str, expected: str) -> None:
    assert mask_code_slots(text) == expected


def test_a_long_unclosed_f_string_is_read_in_linear_time() -> None:
    # 4,000 characters is a message's limit; a quadratic pattern took ~40 ms on it.
    text = "f'" + "{" * 4000
    assert mask_code_slots(text) == text


def test_what_is_not_code_keeps_its_slots_for_the_rules_to_find() -> None:
    text = "Hi *|FNAME|*, see `{{ user.name }}` in our docs"
    assert mask_code_slots(text) == "Hi *|FNAME|*, see ` xslot ` in our docs"
