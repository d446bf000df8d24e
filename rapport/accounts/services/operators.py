"""The operator role and the audit log of what operators do.

Every operator action anywhere (a limit changed, a report decided, an account deleted)
is recorded through `audit_record`, in the same transaction as the action itself, so an
action without its entry cannot commit.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from rapport.accounts.models import AuditEntry, User
from rapport.accounts.roles import is_operator
from rapport.core.errors import NotFound, PermissionDenied, ValidationFailed
from rapport.core.text import clean_line

# Who acted when no person did: the command line run by whoever holds the server.
COMMAND_LINE = "command line"


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: str = "",
    reason: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    label = f"{actor.display_name} <{actor.email}>" if actor is not None else COMMAND_LINE
    return AuditEntry.objects.create(
        actor=actor,
        actor_label=label[:160],
        action=action,
        target=target[:200],
        reason=clean_line(" ".join(reason.split()))[:1000],
        detail=detail or {},
        at=timezone.now(),
    )


def operator_require(actor: User | None) -> None:
    """Raise unless `actor` is an operator; None is the command line, trusted as such."""
    if actor is not None and not is_operator(actor):
        raise PermissionDenied(
            "Only the community's operators may do this.", code="operator.required"
        )


def operator_set(*, by: User | None, email: str, grant: bool, reason: str = "") -> User:
    """Make a member an operator or take the role back, with an audit entry."""
    operator_require(by)
    with transaction.atomic():
        member = User.objects.select_for_update().filter(email__iexact=email.strip()).first()
        if member is None:
            raise NotFound("No account has that e-mail address.", code="operator.no_member")
        if not member.is_active:
            raise ValidationFailed("That account is not active.", code="operator.inactive_member")
        if member.is_operator == grant:
            return member
        member.is_operator = grant
        member.save(update_fields=["is_operator"])
        audit_record(
            actor=by,
            action="operator.grant" if grant else "operator.revoke",
            target=f"member {member.pk} @{member.handle}",
            reason=reason,
        )
    return member
