"""The guard's classifier on its own: pitch and automated verdicts, reasons, bulk signatures.

Pure functions, no database. The evaluation floors are on the held-out split, which the
rules were never tuned on, so they check that the classifier generalises rather than
that it remembers its own examples.
"""

from __future__ import annotations

import pytest

from rapport.conversations.guard import (
    bulk_recipients,
    classify_message,
    signature,
    similarity,
    stock_template,
    suggestions_for,
)
from rapport.conversations.guard.bulk import SIGNATURE_BYTES, template_words
from rapport.conversations.guard.evaluation import evaluate, load_examples


@pytest.mark.parametrize(
    "text",
    [
        "Hi Maria, we help companies like yours cut cloud costs by 30 %. Book a call here.",
        "Hello Tom, do you have 15 minutes this week for a quick demo of our platform?",
        "Great to connect! We're offering 20 % off our leadership coaching this month only.",
    ],
)
def test_sales_pitches_are_flagged_with_the_phrases_that_triggered_them(text):
    verdict = classify_message(text)
    assert verdict.pitch
    assert verdict.scores["pitch"] >= 0.7
    # Every reason quotes words that are really in the text.
    quoted = [reason.split(": ", 1)[1] for reason in verdict.reasons]
    assert quoted and all(
        phrase.strip("'").lower() in text.lower()
        for line in quoted
        for phrase in line.split("', '")
    )


@pytest.mark.parametrize(
    ("text", "slot"),
    [
        ("Hi , thanks for connecting! Let me know if I can help.", "Hi ,"),
        ("Hello {first_name}, great to be connected.", "{first_name}"),
        ("Dear [Name], I noticed your work at [Company].", "[Name]"),
        ("Hi FIRSTNAME, loved your recent post.", "FIRSTNAME"),
    ],
)
def test_unfilled_personalisation_is_automated(text, slot):
    verdict = classify_message(text)
    assert verdict.automated
    assert any(slot in reason for reason in verdict.reasons)


def test_the_stock_thank_you_template_is_automated_but_a_personal_thank_you_is_not():
    assert stock_template("Thanks for following! Let me know if I can help!")
    assert classify_message("Thanks for following! Let me know if I can help!").automated
    personal = (
        "Thanks for connecting, Priya! Your talk on queue back-pressure at PyCon Lisbon "
        "changed how we size our workers."
    )
    assert not classify_message(personal).flagged


@pytest.mark.parametrize(
    "text",
    [
        "Hi Marta, great meeting you at the Leeds data meetup. Did you publish the slides?",
        "Congratulations on the new role at Helix, Sam! How are the first weeks going?",
        "Thanks for the demo at the meetup yesterday, is the tool open source?",
        "",
    ],
)
def test_genuine_messages_are_not_flagged_and_carry_no_reasons(text):
    verdict = classify_message(text)
    assert not verdict.flagged
    assert verdict.reasons == []
    assert verdict.flags == []


def test_the_verdict_is_the_same_whatever_the_case_quotes_and_accents():
    plain = classify_message("Can I get 15 minutes on your calendar for a quick demo?")
    shouted = classify_message("CAN I GET 15 MINUTES ON YOUR CALENDAR FOR A QUICK DEMO?")
    accented = classify_message("Can I get 15 minutes on your calendar for a quíck démo?")
    assert plain.pitch and shouted.pitch and accented.pitch
    assert plain.scores == shouted.scores == accented.scores


def test_scores_are_between_zero_and_one_and_as_dict_has_the_promised_keys():
    data = classify_message("Hi {first_name}, book a demo today!").as_dict()
    assert set(data) >= {"pitch", "automated", "reasons", "scores"}
    assert data["pitch"] is True and data["automated"] is True
    assert all(0.0 <= score <= 1.0 for score in data["scores"].values())


def test_suggestions_follow_the_flags_once_each():
    both = suggestions_for(["pitch", "automated", "pitch", "unknown"])
    assert len(both) == 2
    assert "value" in both[0]
    assert suggestions_for([]) == []


def test_a_mail_merge_has_one_template_whatever_the_names():
    a = "Hi Anna, I loved Acme's launch in Berlin in 2023. We should talk about growth."
    b = "Hello Ben, I loved Initech's launch in Lagos in 2024. We should talk about growth."
    assert template_words(a) == template_words(b)
    assert similarity(signature(a), signature(b)) == 1.0


def test_different_texts_have_low_similarity_and_signatures_are_stable():
    a = signature("Your post on Kafka retention settings saved my weekend, thank you.")
    b = signature("Are you going to the Hamburg meetup in March? I could share a ride.")
    assert len(a) == SIGNATURE_BYTES
    assert a == signature("Your post on Kafka retention settings saved my weekend, thank you.")
    assert similarity(a, b) < 0.3


def test_bulk_recipients_are_those_with_near_identical_text():
    template = "Hi {}, I run a small studio that builds Shopify stores for fashion brands."
    history = [(name, signature(template.format(name))) for name in ("Ana", "Ben", "Cy")]
    history.append(("Dee", signature("Lovely to see you at the alumni dinner, Dee!")))
    history.append(("Eve", b"damaged"))  # a signature of the wrong length compares with nothing
    assert bulk_recipients(signature(template.format("Fay")), history) == {"Ana", "Ben", "Cy"}


def test_held_out_messages_are_classified_well():
    """The held-out split: the rules were tuned on "dev" only (decision 0009)."""
    # Floors a little under what the shipped model measures on the test split (559
    # messages, `rapport evaluate-message-guard --split test`): pitch 0.946/0.886,
    # automated 0.971/0.962 (one genuine message flagged: a Python f-string read as a
    # template slot). Issue 21 asks for 0.95/0.95 on pitches: not reached yet.
    report = evaluate(load_examples("test"), "test")
    assert report.total >= 500
    for name, precision, recall in (("pitch", 0.93, 0.87), ("automated", 0.95, 0.95)):
        counts = report.counts[name]
        assert counts.tp + counts.fn >= 100, f"too few {name} examples to judge"
        assert counts.precision >= precision, name
        assert counts.recall >= recall, name


def test_the_labelled_examples_are_well_formed_and_split():
    examples = load_examples("all")
    assert len({e.id for e in examples}) == len(examples)
    splits = {e.split for e in examples}
    assert splits == {"dev", "test"}
    assert sum(e.pitch for e in examples) >= 100
    assert sum(e.automated for e in examples) >= 50
