"""For caches only (the conventions keep business logic out of signals).

`objection_recorded(member, objector_id, now)`: someone objected to a member — a
complaint filed here, or an answer a capability counts as one ("I don't know this
person"). Trust marks what others think of the member as stale. Sent inside the
recording transaction, after the restriction was reviewed.
"""

from __future__ import annotations

from django.dispatch import Signal

objection_recorded = Signal()
