"""Duplicates within one file: the same normalised e-mail first, then the same name and company."""

from __future__ import annotations

from rapport.contacts.parsing.model import Contact, Merge
from rapport.core.text import normalize


def name_key(contact: Contact) -> str | None:
    """Name plus company; without a name there is nothing to compare."""
    if not contact.name or "@" in contact.name:
        return None
    return f"{normalize(contact.name)}|{normalize(contact.company)}"


def combine(kept: Contact, other: Contact) -> None:
    """Fold `other` into `kept`: every e-mail once, blanks filled, the earliest date."""
    for email in other.emails:
        if email not in kept.emails:
            kept.emails.append(email)
    for attr in ("first_name", "last_name", "company", "title", "url"):
        if not getattr(kept, attr) and getattr(other, attr):
            setattr(kept, attr, getattr(other, attr))
    if other.connected_on and (kept.connected_on is None or other.connected_on < kept.connected_on):
        kept.connected_on = other.connected_on
    for label in other.labels:
        if label not in kept.labels:
            kept.labels.append(label)


def merge_duplicates(contacts: list[Contact]) -> tuple[list[Contact], list[Merge]]:
    """One contact per person, in the order first seen, and what was merged into what."""
    kept: list[Contact] = []
    merged_lines: dict[int, list[int | None]] = {}
    reasons: dict[int, str] = {}
    by_key: dict[str, int] = {}
    for contact in contacts:
        target: int | None = None
        reason = "email"
        for email in contact.emails:
            if ("e:" + email) in by_key:
                target = by_key["e:" + email]
                break
        if target is None and (key := name_key(contact)) is not None and ("n:" + key) in by_key:
            target, reason = by_key["n:" + key], "name_company"
        if target is None:
            target = len(kept)
            kept.append(
                Contact(
                    **{
                        **contact.__dict__,
                        "emails": list(contact.emails),
                        "labels": list(contact.labels),
                    }
                )
            )
        else:
            combine(kept[target], contact)
            merged_lines.setdefault(target, [kept[target].line]).append(contact.line)
            reasons.setdefault(target, reason)
        for email in kept[target].emails:
            by_key.setdefault("e:" + email, target)
        if (key := name_key(kept[target])) is not None:
            by_key.setdefault("n:" + key, target)
    merges = [
        Merge(kept=kept[i], lines=lines, reason=reasons[i])  # type: ignore[arg-type]
        for i, lines in merged_lines.items()
    ]
    return kept, merges
