"""Marking stored insights stale when a work history changes or an account goes.

Deleting an account deletes its positions by cascade, without passing through the
services; so the companies listen. The receivers only queue a recompute after commit.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from rapport.accounts.models import User
from rapport.companies.models import Position


def _position_changed(sender: Any, instance: Position, **kwargs: Any) -> None:
    from rapport.companies.services import insights_refresh_later

    insights_refresh_later(instance.company_id)


def _member_saved(sender: Any, instance: User, **kwargs: Any) -> None:
    from rapport.companies.services import insights_refresh_later

    # A deactivated account leaves the figures (the nightly refresh brings a return back).
    if not instance.is_active:
        insights_refresh_later(
            *Position.objects.filter(member=instance).values_list("company_id", flat=True)
        )


post_save.connect(_position_changed, sender=Position, dispatch_uid="companies_position_saved")
post_delete.connect(_position_changed, sender=Position, dispatch_uid="companies_position_gone")
post_save.connect(_member_saved, sender=User, dispatch_uid="companies_member_saved")
