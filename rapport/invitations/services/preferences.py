from __future__ import annotations

from rapport.accounts.models import User
from rapport.core.errors import ValidationFailed
from rapport.invitations.models import InvitationPreferences, WhoMayInvite


def preferences_update(
    *, member: User, who_may_invite: str, note_required: bool
) -> InvitationPreferences:
    """Who may invite me, and whether a personal note is required."""
    if who_may_invite not in WhoMayInvite.values:
        raise ValidationFailed(
            f"Choose one of {', '.join(WhoMayInvite.values)}.",
            code="invitation.preferences_invalid",
            field="who_may_invite",
        )
    prefs, _ = InvitationPreferences.objects.update_or_create(
        member=member, defaults={"who_may_invite": who_may_invite, "note_required": note_required}
    )
    return prefs
