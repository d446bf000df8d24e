"""Reads for the demo command's summary: what was loaded, as the site itself reports it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count

from rapport.invitations.models import Invitation, State
from rapport.invitations.selectors import bands_for

# bands_for takes a list of ids; SQLite allows only so many parameters in one query.
CHUNK = 500
BANDS = ("good", "fair", "poor")


@dataclass(frozen=True)
class InvitationSummary:
    states: dict[str, int]
    bands: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.states.values())

    def line(self) -> str:
        states = ", ".join(f"{self.states.get(s, 0):,} {s}" for s in State.values)
        bands = ", ".join(f"{self.bands.get(b, 0):,} {b}" for b in BANDS)
        senders = sum(self.bands.values())
        return f"{self.total:,} invitations ({states}); {senders:,} senders ({bands})"


def invitation_summary() -> InvitationSummary:
    """Invitations by state and their senders by standing band, as recipients see the bands."""
    rows = Invitation.objects.order_by().values("state").annotate(n=Count("pk"))
    states = {row["state"]: row["n"] for row in rows}
    senders = sorted(set(Invitation.objects.values_list("sender_id", flat=True)))
    bands: Counter[str] = Counter()
    for start in range(0, len(senders), CHUNK):
        bands.update(bands_for(senders[start : start + CHUNK]).values())
    return InvitationSummary(states=states, bands=dict(bands))
