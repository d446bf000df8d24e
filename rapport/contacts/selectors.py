"""Every read for contacts. A member only ever reads their own contacts and imports.

Matching (decision 0016): a contact is "on Rapport" only through the account
e-mail of an active, confirmed member who allows being found by it — by
everyone, or (the default) by their connections and their connections'
connections, measured through visible lists like every degree (decision 0011).
Anyone else's address reads as "not on Rapport", exactly as a stranger's does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from django.conf import settings
from django.db.models import QuerySet

from rapport.accounts.models import EmailFindable, EmailVisibility, User
from rapport.companies.models import Position
from rapport.contacts.models import ContactImport, ContactMerge, ImportedContact, ImportState
from rapport.contacts.parsing import Contact, merge_duplicates
from rapport.core import limits
from rapport.core.errors import NotFound
from rapport.core.memory import cycle_collector_paused
from rapport.invitations.selectors import standing_for
from rapport.network import selectors as network

Status = Literal["connected", "member", "none"]
STATUS_LABELS: dict[str, str] = {
    "connected": "Already connected",
    "member": "On Rapport",
    "none": "Not on Rapport",
}
_BATCH = 500


@dataclass(frozen=True)
class Match:
    member: User
    email: str
    status: Status


def matches_for(owner: User, emails: Iterable[str]) -> dict[str, Match]:
    """Which of these addresses belong to members the owner may find by e-mail.

    Three queries whatever the number of addresses up to a batch (members, blocks,
    then the degrees of those who allow only their network).
    """
    wanted = sorted({e.strip().lower() for e in emails if e and "@" in e})
    if not wanted:
        return {}
    members: list[User] = []
    for start in range(0, len(wanted), _BATCH):
        members.extend(
            User.objects.filter(
                email__in=wanted[start : start + _BATCH],
                is_active=True,
                awaiting_confirmation=False,
            )
            .exclude(pk=owner.pk)
            .exclude(email_findable=EmailFindable.NOBODY)
            .only("pk", "email", "handle", "display_name", "email_findable")
        )
    if not members:
        return {}
    blocked = network.blocked_ids(owner.pk) | set(
        network.blocked_by(owner.pk).values_list("pk", flat=True)
    )
    members = [m for m in members if m.pk not in blocked]
    network_only = [m.pk for m in members if m.email_findable == EmailFindable.NETWORK]
    degrees = network.degrees_for(owner.pk, network_only) if network_only else {}
    connected = network.connected_among(owner.pk, [m.pk for m in members])
    found: dict[str, Match] = {}
    for member in members:
        if member.email_findable == EmailFindable.NETWORK and degrees.get(member.pk) not in (1, 2):
            continue
        status: Status = "connected" if member.pk in connected else "member"
        found[member.email.lower()] = Match(member, member.email.lower(), status)
    return found


def match_of(emails: Sequence[str], matches: dict[str, Match]) -> Match | None:
    for email in emails:
        if email in matches:
            return matches[email]
    return None


@dataclass(frozen=True)
class Preview:
    rows: list[tuple[Contact, Match | None]]  # the first contacts, with what each matches
    counts: dict[str, int]  # every contact of the file by status
    total: int


def import_preview(
    owner: User, found: ContactImport, *, rows: int, offset: int = 0
) -> Preview | None:
    """What a previewed import would bring: its contacts with duplicates merged, the
    `rows` of them from `offset` with their matches, and the count of each status over all.

    The same few queries for the matching whatever the size of the file; None unless the
    import is a preview.
    """
    parsed = found.parsed or {}
    if found.state != ImportState.PREVIEW or not parsed:
        return None
    with cycle_collector_paused():
        return _preview(owner, parsed, rows, offset)


def _preview(owner: User, parsed: dict[str, Any], rows: int, offset: int) -> Preview:
    if "contacts" in parsed:
        stored = parsed["contacts"]
    else:  # a preview stored before the merged contacts were kept with it
        originals = [Contact.from_json(c) for c in parsed["originals"]]
        stored = [c.as_json() for c in merge_duplicates(originals)[0]]
    # Only the e-mails of every contact are needed for the counts; whole contacts only
    # for the rows shown.
    matches = matches_for(owner, (e for c in stored for e in c["emails"]))
    counts = dict.fromkeys(STATUS_LABELS, 0)
    for data in stored:
        match = match_of(data["emails"], matches)
        counts[match.status if match else "none"] += 1
    shown = [
        (c, match_of(c.emails, matches))
        for c in map(Contact.from_json, stored[offset : offset + rows])
    ]
    return Preview(rows=shown, counts=counts, total=len(stored))


def joins_per_week() -> int | None:
    """How many join e-mails a member may send a week, or None while the operator has
    them off (RAPPORT["CONTACTS_JOIN_INVITATIONS"], the default)."""
    conf = getattr(settings, "RAPPORT", {})
    if not conf.get("CONTACTS_JOIN_INVITATIONS", False):
        return None
    return limits.value("contacts.joins_per_week")


def invitations_left(member: User) -> int:
    """How many invitations the member may send now: the smaller of the day's and the
    week's allowance, none while restricted (what a bulk invitation will send)."""
    standing = standing_for(member)
    if standing.restricted:
        return 0
    return max(0, min(standing.daily.left, standing.weekly.left))


def contacts_of(owner: User) -> QuerySet[ImportedContact]:
    return ImportedContact.objects.filter(owner=owner)


@dataclass(frozen=True)
class Row:
    contact: ImportedContact
    match: Match | None

    @property
    def status(self) -> Status:
        return self.match.status if self.match else "none"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def contact_rows(owner: User, *, status: str = "", query: str = "") -> list[Row]:
    """The owner's contacts with what each matches, filtered by status and a name/company query.

    A fixed number of queries however many contacts (the contacts, then matching).
    """
    contacts = contacts_of(owner)
    if query:
        contacts = contacts.filter(name__icontains=query) | contacts.filter(
            company__icontains=query
        )
    items = list(contacts.order_by("name", "pk"))
    matches = matches_for(owner, (e for c in items for e in c.emails))
    rows = [Row(c, match_of(c.emails, matches)) for c in items]
    if status in STATUS_LABELS:
        rows = [r for r in rows if r.status == status]
    return rows


def status_counts(rows: Sequence[Row]) -> dict[str, int]:
    counts = dict.fromkeys(STATUS_LABELS, 0)
    for row in rows:
        counts[row.status] += 1
    return counts


def import_for(owner: User, import_id: int) -> ContactImport:
    with cycle_collector_paused():  # a preview's JSON can hold 50,000 contacts
        found = ContactImport.objects.filter(owner=owner, pk=import_id).first()
    if found is None:
        raise NotFound("No such import.", code="contacts.import_not_found")
    return found


def imports_of(owner: User) -> QuerySet[ContactImport]:
    return ContactImport.objects.filter(owner=owner).defer("upload", "parsed")


def merges_of(owner: User) -> QuerySet[ContactMerge]:
    return ContactMerge.objects.filter(owner=owner).select_related("kept")


def contact_for(owner: User, contact_id: int) -> ImportedContact:
    found = ImportedContact.objects.filter(owner=owner, pk=contact_id).first()
    if found is None:
        raise NotFound("No such contact.", code="contacts.not_found")
    return found


def connections_as_contacts(member: User, *, base_url: str = "") -> list[Contact]:
    """The member's connections as an address book, for export.

    An e-mail address is written only where that connection lets their
    connections see it (`email_visibility`), exactly as a profile would show it.
    Three queries: connections, their current positions, the connection dates.
    """
    people = list(network.connections_of(member.pk))
    ids = [p.pk for p in people]
    positions: dict[int, Position] = {}
    for position in (
        Position.objects.filter(member_id__in=ids, is_current=True)
        .select_related("company")
        .order_by("member_id", "-started_on", "-pk")
    ):
        positions.setdefault(position.member_id, position)
    since = network.connections_since(member.pk)
    out: list[Contact] = []
    for person in people:
        parts = person.display_name.split(" ", 1)
        held = positions.get(person.pk)
        connection = since.get(person.pk)
        out.append(
            Contact(
                name=person.display_name,
                first_name=parts[0],
                last_name=parts[1] if len(parts) > 1 else "",
                emails=[person.email.lower()]
                if person.email_visibility == EmailVisibility.CONNECTIONS
                else [],
                company=held.company.name if held else "",
                title=held.title if held else "",
                url=f"{base_url}/in/{person.handle}/" if base_url else "",
                connected_on=connection.created_at.date() if connection else None,
            )
        )
    return out
