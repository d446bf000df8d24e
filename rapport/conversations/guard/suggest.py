"""What the sender is told to do instead, one suggestion per reason the guard found.

Seeds 002–004: people who were sold to on the first date answer nobody, while a
message that helps first ("share information, provide valuable content") and says why
it was sent to *this* person gets read. The guard does not block; it warns, and the
warning should make the better message easy to write.
"""

from __future__ import annotations

from collections.abc import Iterable

SUGGESTIONS: dict[str, str] = {
    "pitch": (
        "Offer something of value first — an answer, an introduction, a useful link — and "
        "say why you reached out to this person. Leave the sales call for when they ask."
    ),
    "automated": (
        "Fill in their name and write one line only they could receive: where you met, "
        "what of theirs you read, or why you are writing now."
    ),
    "bulk": (
        "Write to this person, not to a list: mention something of theirs and why it "
        "made you write to them."
    ),
}
"""Keyed by the guard's flags: "pitch", "automated", "bulk"."""


def suggestions_for(flags: Iterable[str]) -> list[str]:
    """The suggestion for each flag, in the order given, once each; unknown flags skipped."""
    seen: list[str] = []
    for flag in flags:
        text = SUGGESTIONS.get(flag)
        if text is not None and text not in seen:
            seen.append(text)
    return seen
