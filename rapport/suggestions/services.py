from __future__ import annotations

from django.utils import timezone

from rapport.accounts.models import User
from rapport.core.errors import ValidationFailed
from rapport.suggestions.models import Dismissal, DismissReason


def suggestion_dismiss(*, member: User, other: User, reason: str) -> Dismissal:
    """Stop suggesting `other` to `member`. Idempotent: a second dismissal updates the reason."""
    if other.pk == member.pk:
        raise ValidationFailed("You cannot dismiss yourself.", code="suggestion.self")
    if reason not in DismissReason.values:
        raise ValidationFailed(
            f"Choose a reason: {', '.join(DismissReason.values)}.",
            code="suggestion.reason_invalid",
            field="reason",
        )
    dismissal, _ = Dismissal.objects.update_or_create(
        member=member, dismissed=other, defaults={"reason": reason, "created_at": timezone.now()}
    )
    return dismissal
