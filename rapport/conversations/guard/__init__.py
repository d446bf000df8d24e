"""The first-contact guard: is a newer contact's message a pitch, automated, or bulk?

`classify_message` reads the text alone (pitch, automated, with quoted reasons);
`bulk` compares it with the sender's recent messages; `suggestions_for` says what the
sender could write instead. The messaging services decide when the guard applies.
"""

from rapport.conversations.guard import bulk
from rapport.conversations.guard.automated import AutomatedSignal, automated_signals, stock_template
from rapport.conversations.guard.bulk import BULK_DEFAULTS, bulk_recipients, signature, similarity
from rapport.conversations.guard.classify import (
    CLASSES,
    GuardSignal,
    MessageVerdict,
    classify_message,
)
from rapport.conversations.guard.suggest import SUGGESTIONS, suggestions_for

__all__ = [
    "BULK_DEFAULTS",
    "CLASSES",
    "SUGGESTIONS",
    "AutomatedSignal",
    "GuardSignal",
    "MessageVerdict",
    "automated_signals",
    "bulk",
    "bulk_recipients",
    "classify_message",
    "signature",
    "similarity",
    "stock_template",
    "suggestions_for",
]
