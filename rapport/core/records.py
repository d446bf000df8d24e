"""Shared records members name in free text: one row per slug, safe against races."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.utils.text import slugify

from rapport.core.errors import ValidationFailed
from rapport.core.text import clean_line

M = TypeVar("M", bound=models.Model)


def named_record(
    model: type[M], *, name: str, name_max: int, slug_max: int, error: ValidationFailed
) -> M:
    """The row of `model` whose slug matches `name`, created if there is none.

    Matching by slug makes "Acme, Inc." and "acme inc" one record. `error` is
    raised when the name has no letters or digits at all.
    """
    name = clean_line(name)[:name_max]
    slug = slugify(name)[:slug_max]
    if not slug:
        raise error
    manager: Any = model._default_manager
    found = manager.filter(slug=slug).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return manager.create(name=name, slug=slug)
    except IntegrityError:
        # Another request created it between our read and our write.
        return manager.get(slug=slug)
