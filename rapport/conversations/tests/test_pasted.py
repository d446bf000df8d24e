"""A first name pasted into the wrong field, and messages that say they are automated."""

from __future__ import annotations

import pytest

from rapport.conversations.guard import classify_message
from rapport.conversations.guard.automated import automated_signals
from rapport.conversations.guard.pasted import declared, pasted_name


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Hi Rose, I was impressed by your experience in Rose.", "in rose"),
        ("hey maya, big fan of what ur building at Maya ✨", "at maya"),
        ("Hi Bill, I saw that Bill is hiring!", "bill is hiring"),
        ("Hi June, I've been following June's work in fintech.", "june's work"),
        ("Hey Will, as a fellow Will leader you know the pain.", "will leader"),
    ],
)
def test_the_greetings_name_where_a_company_or_place_belongs(text, phrase):
    assert pasted_name(text) == phrase


@pytest.mark.parametrize(
    "text",
    [
        "Hi Will, will you be at the Leeds meetup?",  # the word, not the name again
        "Hi June, I'm freelancing again from June, fancy a coffee?",  # a month after "from"
        "Hi Grace, Grace Hopper's talk is on YouTube now.",  # the name, not after a field word
        "Hi there, we met at There Studio.",  # "there" is no name
        "Thanks Rich! That fixed it.",  # no greeting to take a name from
    ],
)
def test_a_name_that_is_also_a_word_is_not_a_pasted_field(text):
    assert pasted_name(text) == ""


@pytest.mark.parametrize(
    "text",
    [
        "This is an automated message: thanks for connecting!",
        "[Automated follow-up 2/3] Hi Dawn, just bumping this.",
        "Hi, I'm an AI assistant contacting you on behalf of Brightledger.",
        "Hi Rose, [personalised opener here]. We provide KYC analysts.",
        "Sent automatically: thank you for connecting.",
    ],
)
def test_a_message_that_says_it_is_automated(text):
    assert declared(text)
    verdict = classify_message(text)
    assert verdict.automated
    assert any("sent automatically" in reason.lower() for reason in verdict.reasons)


def test_the_reasons_quote_the_pasted_field():
    verdict = classify_message("Hi Rose, I loved what you're doing at Rose! Best, Tami")
    assert verdict.automated
    assert "Puts the first name where another field belongs: 'at rose'" in verdict.reasons
    assert any(s.rule == "name_pasted" for s in automated_signals("Hi Rose, all of us at Rose"))
