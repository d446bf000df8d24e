"""Path converters for the pages' URLs.

`<id:name>` is Django's `<int:name>` bounded to what a 64-bit primary key can hold: a
path id of twenty or five thousand digits is simply no page (404) instead of reaching
the database, which cannot take it (SQLite raises OverflowError, PostgreSQL a
DataError). The API bounds its path ids the same way (`core.api_schemas.PathId`).
"""

from __future__ import annotations

from django.urls import register_converter

from rapport.core.ids import MAX_ID


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError("not a 64-bit id")  # the resolver reads this as "no match"
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))


def register() -> None:
    register_converter(IdConverter, "id")
