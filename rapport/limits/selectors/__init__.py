"""Every read of the limits capability."""

from rapport.limits.selectors.moderation import (
    decisions_for,
    ensure_allowed,
    history_of,
    refuse_if_restricted,
    restriction_in_force,
    restrictions_in_force,
    sanction_appeals_waiting,
    suspension_by_id,
)
from rapport.limits.selectors.quota import NEVER, Allowance, allowance, window
from rapport.limits.selectors.settings import LimitRow, limit_rows
from rapport.limits.selectors.standing import objections, restricted, restricted_among

__all__ = [
    "NEVER",
    "Allowance",
    "LimitRow",
    "allowance",
    "decisions_for",
    "ensure_allowed",
    "history_of",
    "limit_rows",
    "objections",
    "refuse_if_restricted",
    "restricted",
    "restricted_among",
    "restriction_in_force",
    "restrictions_in_force",
    "sanction_appeals_waiting",
    "suspension_by_id",
    "window",
]
