"""Every write of the limits capability: settings, allowances, complaints."""

from rapport.limits.services.complaints import complaint_file
from rapport.limits.services.moderation import (
    reports_handle,
    sanction_appeal,
    sanction_appeal_decide,
    sanction_impose,
    sanctions_end_due,
)
from rapport.limits.services.quota import slot_take, slots_take
from rapport.limits.services.restrictions import (
    restriction_review,
    restrictions_lift_due,
    standing_locked,
)
from rapport.limits.services.settings import limits_set

__all__ = [
    "complaint_file",
    "limits_set",
    "reports_handle",
    "restriction_review",
    "restrictions_lift_due",
    "sanction_appeal",
    "sanction_appeal_decide",
    "sanction_impose",
    "sanctions_end_due",
    "slot_take",
    "slots_take",
    "standing_locked",
]
