import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.core.pitch import (
    PITCH_THRESHOLD,
    Signal,
    is_pitch,
    pitch_score,
    pitch_signals,
    strongest_by_kind,
)
from rapport.core.text import fold


def phrases(text: str) -> list[str]:
    return [signal.phrase for signal in pitch_signals(text)]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Could we book a quick demo on Thursday?", "book a quick demo"),
        ("Grab a slot here: calendly.com/ines/intro", "calendly"),
        ("We'd love to set up a discovery call with your team.", "discovery call"),
        ("Use code SPRING for 25% off your first order.", "25% off"),
        ("Happy to run a free audit of your ad account.", "free audit"),
        ("We help healthcare companies modernise billing.", "we help healthcare companies"),
        ("We've worked with teams like yours at Adyen.", "teams like yours"),
        ("Our agency handles everything from branding to SEO.", "our agency"),
        ("We can boost your organic traffic within a quarter.", "boost your organic traffic"),
    ],
)
def test_a_strong_sales_move_alone_reads_as_a_pitch_and_names_its_phrase(text, phrase):
    assert is_pitch(text)
    assert phrase in phrases(text)


@pytest.mark.parametrize(
    "text",
    [
        "Loved your demo at PyCon, the live debugging was brilliant.",
        "Thanks for the call yesterday about the mentoring scheme.",
        "Our platform team at Wise is small but we read your paper twice.",
        "Happy to hop on a call if you want to talk through your thesis.",
        "The free workshop you ran for new managers was superb.",
        "Your talk on revenue recognition cleared things up for me.",
        "Can we schedule a call to go over our joint chapter?",
    ],
)
def test_innocent_calls_demos_and_free_things_are_not_a_pitch(text):
    assert not is_pitch(text), pitch_signals(text)


def test_one_weak_ask_is_not_a_pitch_but_two_kinds_together_are():
    weak = "Do you have 15 minutes next week?"
    assert not is_pitch(weak)
    assert is_pitch(weak + " I help founders land enterprise deals.")


def test_signals_of_one_kind_count_once():
    one = pitch_score("Could we set up a call?")
    two = pitch_score("Could we set up a call? Or arrange a meeting?")
    assert one == two


def test_strongest_by_kind_keeps_the_heaviest_signal():
    signals = [Signal("a", "meeting", "x", 0.4), Signal("b", "meeting", "y", 0.9)]
    assert strongest_by_kind(signals) == [signals[1]]


def test_score_is_a_noisy_or_of_kinds():
    signals = [Signal("a", "meeting", "x", 0.5), Signal("b", "offer", "y", 0.5)]
    assert pitch_score(signals) == 0.75


def test_signals_come_in_order_of_appearance():
    found = phrases("Book a demo today. We help retailers like yours.")
    assert found.index("book a demo") < found.index("we help retailers")


def test_full_width_and_curly_quotes_are_read_like_plain_text():
    plain = "We help companies like yours. Let's book a demo!"
    fancy = "Ｗｅ ｈｅｌｐ ｃｏｍｐａｎｉｅｓ ｌｉｋｅ ｙｏｕｒｓ. Let\u2019s ＢＯＯＫ ａ ｄｅｍｏ!"
    assert phrases(fancy) == phrases(plain)


def test_empty_text_scores_zero():
    assert pitch_score("") == 0.0
    assert pitch_signals("") == []


def test_threshold_is_the_line_between_pitch_and_not():
    assert 0 < PITCH_THRESHOLD < 1


@given(st.text(max_size=300))
def test_score_stays_between_zero_and_one_and_phrases_come_from_the_text(text):
    signals = pitch_signals(text)
    assert 0.0 <= pitch_score(signals) <= 1.0
    folded = fold(text)
    assert all(signal.phrase in folded for signal in signals)


def test_results_promised_to_clients_and_an_unnamed_product_read_as_pitches():
    from rapport.core.pitch import pitch_signals

    kinds = {s.kind for s in pitch_signals("Quick question. We save clients 30% on cloud spend.")}
    assert "proof" in kinds
    kinds = {s.kind for s in pitch_signals("I have something that could help your team grow.")}
    assert "offering" in kinds
