"""Changing limits: validated as a whole, stored, and audited in one transaction."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from rapport.accounts.models import User
from rapport.accounts.services import audit_record, operator_require
from rapport.core import limits
from rapport.core.errors import ValidationFailed
from rapport.core.models import LimitValue


def limits_set(
    *, by: User | None, changes: Mapping[str, object], reason: str = ""
) -> dict[str, tuple[float, float]]:
    """Set some limits at once (`by` None: the command line). Returns name → (old, new)
    for those that changed; nothing is stored unless every value and rule holds."""
    operator_require(by)
    parsed: dict[str, float] = {}
    for name, raw in changes.items():
        limit = limits.REGISTRY.get(name)
        if limit is None:
            raise ValidationFailed(f"There is no limit called {name[:80]!r}.", code="limit.unknown")
        if limits.fixed_by_environment(name):
            raise ValidationFailed(
                f"{name} is fixed by {limit.env} in the server's environment; change it there.",
                code="limit.fixed_by_environment",
                field=name,
            )
        try:
            parsed[name] = limit.parse(raw)
        except ValueError as exc:
            raise ValidationFailed(str(exc), code="limit.invalid", field=name) from None
    with transaction.atomic():
        # Lock the rows being changed (and every stored row, so two operators changing
        # limits a rule ties together cannot each pass the rule against the old values).
        list(LimitValue.objects.select_for_update().order_by("name"))
        limits.forget()
        before = limits.current()
        after = {**before, **parsed}
        broken = limits.broken_rules(after)
        if broken:
            raise ValidationFailed(" ".join(broken), code="limit.rule_broken")
        changed = {n: (before[n], v) for n, v in parsed.items() if before[n] != v}
        now = timezone.now()
        for name, (old, new) in changed.items():
            LimitValue.objects.update_or_create(
                name=name, defaults={"value": float(new), "changed_at": now}
            )
            audit_record(
                actor=by,
                action="limit.set",
                target=name,
                reason=reason,
                detail={"from": old, "to": new},
            )
        limits.forget()
        transaction.on_commit(limits.forget)
    return changed
