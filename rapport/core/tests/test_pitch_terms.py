"""Pitches without sales words, and genuine texts that name prices (issue 21's kinds)."""

from __future__ import annotations

import pytest

from rapport.core.pitch import KIND_LABELS, pitch_signals
from rapport.core.pitch_counter import counter_features
from rapport.core.pitch_features import learned_features


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I'm an organiser in Tulsa, $55 an hour with a three-hour minimum.", "rate"),
        ("I translate manuals DE-EN at 0.09 per word.", "rate"),
        ("Quick 15 on Thursday, 4pm CT?", "named_time"),
        ("Might you have ten minutes on Monday at 1pm?", "named_time"),
        ("Contract analyst, available 3 days a week from June.", "availability"),
        ("We place UI designers with game studios, want her portfolio?", "candidates"),
        ("Referral arrangement for the tax work you don't cover? 15% of first-year fees.", "deal"),
        ("Featured spots are £120 for launch week.", "paid_feature"),
        ("Please stop by stand B4.310 after your talk.", "stand"),
        ("Can I send you our brochure?", "material"),
        ("Let's connect for mutual benefit!", "mutual"),
        ("If your team ever needs extra hands, we're a small crew.", "when_needed"),
        ("Congrats on the Series A! We set up treasury functions.", "trigger"),
    ],
)
def test_the_terms_of_a_deal_are_named_in_the_members_words(text, kind):
    kinds = {s.kind for s in pitch_signals(text)}
    assert kind in kinds, kinds
    assert KIND_LABELS[kind][0].islower()  # a phrase to follow "Reads as a pitch:"


@pytest.mark.parametrize(
    ("text", "counter"),
    [
        ("The early bird is £285 each if we split it, shall we go together?", "shared_cost"),
        ("We use your form builder. Is there nonprofit pricing?", "their_customer"),
        ("Our solution at Memorial was a little different: ours was a cart.", "peer_notes"),
        ("I'd love to learn how you moved into planning. 15 minutes?", "asks_to_learn"),
        ("We're hiring a Head of Design and your Medwise work is spot on.", "offers_them_a_job"),
        ("Sending the raw numbers you asked for.", "reader_asked"),
        ("Congratulations on the partner announcement. Well deserved!", "good_wishes"),
    ],
)
def test_genuine_situations_are_evidence_against_a_pitch(text, counter):
    assert f"genuine:{counter}" in counter_features(text)
    assert f"genuine:{counter}" in learned_features(text, pitch_signals(text))


def test_pairs_of_kinds_are_features_of_their_own():
    text = "Congrats on the Series A! We do interview training, $900 a day."
    features = learned_features(text, pitch_signals(text))
    assert features["pitch:rate+trigger"] > 0
