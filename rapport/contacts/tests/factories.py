"""Helpers for contacts tests: files made in the test, imports made through the services."""

from __future__ import annotations

from pathlib import Path

from rapport.accounts.models import User
from rapport.contacts.models import ContactImport
from rapport.contacts.services import import_confirm, import_start

SAMPLES = Path(__file__).parent / "samples"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def linkedin(rows: list[tuple[str, str, str, str]]) -> bytes:
    """A current LinkedIn export of (first, last, email, company)."""
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [f"{f},{last},,{e},{c},,08 Feb 2026" for f, last, e, c in rows]
    return ("\r\n".join(lines) + "\r\n").encode()


def big_linkedin(n: int, *, domain: str = "big.example") -> bytes:
    return linkedin(
        [(f"Person{i}", f"Surname{i}", f"p{i}@{domain}", f"Firm {i % 97}") for i in range(n)]
    )


def imported(owner: User, data: bytes, name: str = "Connections.csv") -> ContactImport:
    started = import_start(owner=owner, file_name=name, data=data)
    return import_confirm(owner=owner, import_id=started.pk)
