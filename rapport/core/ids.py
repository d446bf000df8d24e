"""Reading record ids that arrive as text (form fields, query strings).

A form's `ids=` values are whatever the client sent: `²` passes `str.isdigit()` and
then fails `int()`, and five thousand digits either fail `int()` or overflow the
database's 64-bit integers. Every view reads ids through here, so a bad one is a
clear 400 (`request.bad_id`) before anything is looked up or changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import BadRequest

from rapport.core.errors import ValidationFailed

# The largest id the database can hold (a signed 64-bit BigAutoField).
MAX_ID = 2**63 - 1
_ID = re.compile(r"[1-9][0-9]{0,18}")


class BadId(ValidationFailed, BadRequest):
    """An id that cannot name a record. A `RapportError` for the API's error shape and a
    Django `BadRequest`, so a page that lets it propagate answers 400 rather than 500."""

    code = "request.bad_id"


def parse_id(raw: str, *, field: str = "id") -> int:
    """A positive 64-bit id from text, or `BadId`."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not _ID.fullmatch(text) or int(text) > MAX_ID:
        shown = text if len(text) <= 20 else text[:20] + "…"
        raise BadId(f"{shown!r} is not an id; ids are whole numbers from 1.", field=field)
    return int(text)


def parse_ids(raws: Iterable[str], *, field: str = "ids", limit: int | None = None) -> list[int]:
    """Every id in `raws` (duplicates dropped, order kept), or `BadId` for the first bad one
    or for more than `limit` of them."""
    ids = list(dict.fromkeys(parse_id(raw, field=field) for raw in raws))
    if limit is not None and len(ids) > limit:
        raise BadId(f"Choose at most {limit} at a time.", field=field)
    return ids
