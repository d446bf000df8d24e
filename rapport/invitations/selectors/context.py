"""What two members share: the context card on an invitation and the coach's knowledge."""

from __future__ import annotations

from dataclasses import dataclass, field

from rapport.accounts.models import User
from rapport.companies.models import Company
from rapport.invitations.coach import NoteContext
from rapport.members.models import School
from rapport.network import selectors as network


@dataclass
class Shared:
    mutual_count: int = 0
    mutual: list[User] = field(default_factory=list)
    employers: list[str] = field(default_factory=list)
    schools: list[str] = field(default_factory=list)
    # Groups and events arrive with the groups capability; the card shows them then.
    groups: list[str] = field(default_factory=list)


def shared_between(*, viewer: User, other: User, mutual_limit: int = 3) -> Shared:
    count, mutual = network.mutual_connections(viewer=viewer, other=other, limit=mutual_limit)
    employers = list(
        Company.objects.filter(positions__member=viewer)
        .filter(positions__member=other)
        .distinct()
        .order_by("name")
        .values_list("name", flat=True)[:5]
    )
    schools = list(
        School.objects.filter(alumni__member=viewer)
        .filter(alumni__member=other)
        .distinct()
        .order_by("name")
        .values_list("name", flat=True)[:5]
    )
    return Shared(mutual_count=count, mutual=mutual, employers=employers, schools=schools)


def note_context(*, sender: User, recipient: User) -> NoteContext:
    """What the coach may check a note against: real names and real shared history."""
    shared = shared_between(viewer=sender, other=recipient, mutual_limit=50)
    return NoteContext(
        recipient_name=recipient.display_name,
        sender_name=sender.display_name,
        mutual_names=tuple(m.display_name for m in shared.mutual),
        shared_employers=tuple(shared.employers),
        shared_schools=tuple(shared.schools),
        shared_groups=tuple(shared.groups),
    )
