"""Address books out: LinkedIn's Connections.csv, Google Contacts CSV and vCard 4.0.

Each writer produces what its reader in `parsing` (and the original
exporter's importer, by its header) reads back as the same people.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

import vobject

from rapport.contacts.parsing.model import Contact
from rapport.core.text import spreadsheet_safe

LINKEDIN_HEADER = [
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
]
LINKEDIN_NOTES = (
    "Notes:\r\n"
    '"Exported from Rapport. E-mail addresses appear only for connections who allow '
    'their connections to see them."\r\n\r\n'
)
GOOGLE_HEADER = [
    "First Name",
    "Middle Name",
    "Last Name",
    "Name Prefix",
    "Name Suffix",
    "Nickname",
    "Organization Name",
    "Organization Title",
    "Labels",
    "E-mail 1 - Label",
    "E-mail 1 - Value",
    "Website 1 - Label",
    "Website 1 - Value",
]
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _names(contact: Contact) -> tuple[str, str]:
    """First and last name such that reading them back gives `contact.name`."""
    joined = " ".join(p for p in (contact.first_name, contact.last_name) if p)
    if joined and joined == contact.name:
        return contact.first_name, contact.last_name
    return contact.name, ""


def _csv(header: list[str], rows: Iterable[list[str]], preamble: str = "") -> str:
    out = io.StringIO(newline="")
    out.write(preamble)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    # Names and companies are what others typed: never a formula in a spreadsheet.
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return out.getvalue()


def linkedin_csv(contacts: Iterable[Contact]) -> str:
    """LinkedIn's current layout: the Notes preamble, its header, dates as `08 Feb 2026`."""

    def row(c: Contact) -> list[str]:
        first, last = _names(c)
        date = c.connected_on
        when = f"{date.day:02d} {_MONTHS[date.month - 1]} {date.year}" if date else ""
        email = c.emails[0] if c.emails else ""
        return [first, last, c.url, email, c.company, c.title, when]

    return _csv(LINKEDIN_HEADER, (row(c) for c in contacts), LINKEDIN_NOTES)


def google_csv(contacts: Iterable[Contact]) -> str:
    """Google Contacts' import header; several e-mails joined by ` ::: ` as Google does."""

    def row(c: Contact) -> list[str]:
        first, last = _names(c)
        labels = " ::: ".join(["* myContacts", *c.labels])
        return [
            first,
            "",
            last,
            "",
            "",
            "",
            c.company,
            c.title,
            labels,
            "* other" if c.emails else "",
            " ::: ".join(c.emails),
            "Profile" if c.url else "",
            c.url,
        ]

    return _csv(GOOGLE_HEADER, (row(c) for c in contacts))


def vcard4(contacts: Iterable[Contact]) -> str:
    """vCard 4.0 (RFC 6350), one card per contact, serialised by `vobject`."""
    cards: list[str] = []
    for c in contacts:
        card = vobject.vCard()
        card.add("version").value = "4.0"
        card.add("fn").value = c.name
        first, last = _names(c)
        card.add("n").value = vobject.vcard.Name(family=last, given=first)
        for email in c.emails:
            card.add("email").value = email
        if c.company:
            card.add("org").value = [c.company]
        if c.title:
            card.add("title").value = c.title
        if c.url:
            card.add("url").value = c.url
        cards.append(card.serialize())
    return "".join(cards)


WRITERS = {"linkedin": linkedin_csv, "google": google_csv, "vcard": vcard4}
MEDIA = {
    "linkedin": ("text/csv", "Connections.csv"),
    "google": ("text/csv", "contacts.csv"),
    "vcard": ("text/vcard", "contacts.vcf"),
}
