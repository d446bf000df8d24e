"""The guard's classifier on its own: pitch and automated verdicts, reasons, bulk signatures.

Pure functions, no database. The evaluation floors are on the held-out split, which the
rules were never tuned on, so they check that the classifier generalises rather than
that it remembers its own examples.
"""

from __future__ import annotations

import pytest

from rapport.conversations.guard import (
    automated_signals,
    bulk_recipients,
    classify_message,
    signature,
    similarity,
    stock_template,
    suggestions_for,
)
from rapport.conversations.guard.bulk import SIGNATURE_BYTES, template_words
from rapport.conversations.guard.evaluation import evaluate, load_examples
from rapport.core.placeholders import placeholders


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


@pytest.mark.parametrize(
    "text",
    [
        "Hi Noor, our welcome email prints f'Hi {name}' literally when the list is empty. "
        "Did you hit that with your mailer?",
        "Quick one, Sam: does `{first_name}` in your templates survive accents like Zoë?",
        "Ada, we switched to ```Hello {{ user.first_name }}``` in Jinja and the blanks went away.",
        'Tom, in JS we now write `Hi ${name}` instead of "Hi " + name. Cleaner, right?',
    ],
)
def test_a_slot_inside_quoted_code_is_the_code_being_discussed(text):
    assert placeholders(text)  # read as it stands, the code has a slot in it
    assert automated_signals(text) == []
    assert not classify_message(text).automated


def test_code_quotes_hide_neither_a_pitch_nor_a_slot_typed_with_backtick_apostrophes():
    pitch = "Hi Ana, I do bookkeeping for studios at $40 an hour. Want a quote this week?"
    assert classify_message(pitch).pitch
    assert classify_message(f"`{pitch}`").pitch  # the words inside the backticks count
    apostrophes = "Hi, I`m impressed by {company}, we`d love to work with you"
    assert [s.phrase for s in automated_signals(apostrophes)] == ["{company}"]


def test_a_slot_outside_the_quoted_code_still_counts():
    text = "Hi {first_name}, we render `{first_name}` with f'{x}' too."
    assert [s.phrase for s in automated_signals(text)] == ["{first_name}"]
    assert classify_message(text).automated


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
    """The held-out split, which no training or setting reads (decision 0027)."""
    # Issue 21's targets, which the shipped model meets on the test split (1,197 messages,
    # `rapport evaluate-message-guard --split test`): pitch 0.959/0.961, automated
    # 0.995/0.965 with no genuine message flagged (the one false "automated" is a pitch).
    examples = load_examples("test")
    report = evaluate(examples, "test")
    assert report.total >= 1000
    for name, precision, recall in (("pitch", 0.95, 0.95), ("automated", 0.98, 0.95)):
        counts = report.counts[name]
        assert counts.tp + counts.fn >= 150, f"too few {name} examples to judge"
        assert counts.precision >= precision, name
        assert counts.recall >= recall, name
    genuine = [e for e in examples if not e.pitch and not e.automated]
    assert len(genuine) >= 400
    assert [e.id for e in genuine if classify_message(e.text).automated] == []


def test_the_labelled_examples_are_well_formed_and_split():
    examples = load_examples("all")
    assert len({e.id for e in examples}) == len(examples)
    splits = {e.split for e in examples}
    assert splits == {"dev", "test"}
    assert sum(e.pitch for e in examples) >= 100
    assert sum(e.automated for e in examples) >= 50
