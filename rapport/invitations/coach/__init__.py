"""The note coach: is an invitation note the default text, a sales pitch, and how personal?

One import for callers: `from rapport.invitations.coach import NoteContext, analyze_note`.
"""

from rapport.invitations.coach.analysis import BANDS, NoteAnalysis, NoteContext, analyze_note, band
from rapport.invitations.coach.personal import Criterion

__all__ = ["BANDS", "Criterion", "NoteAnalysis", "NoteContext", "analyze_note", "band"]
