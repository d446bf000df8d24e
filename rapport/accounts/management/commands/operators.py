"""`rapport operators list|grant|revoke EMAIL [--reason …]`: the operator role, audited."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from rapport.accounts.models import User
from rapport.accounts.services import operator_set
from rapport.core.errors import RapportError


class Command(BaseCommand):
    help = "List the community's operators, or grant or revoke the role (audited)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["list", "grant", "revoke"])
        parser.add_argument("email", nargs="?", help="The member's e-mail address.")
        parser.add_argument("--reason", default="", help="Why, for the audit log.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            found = User.objects.filter(Q(is_operator=True) | Q(is_superuser=True)).filter(
                is_active=True
            )
            for member in found.order_by("email"):
                role = "superuser" if member.is_superuser else "operator"
                self.stdout.write(f"{member.email}\t{member.display_name}\t{role}")
            return
        if not options["email"]:
            raise CommandError("Say whose role to change: rapport operators grant EMAIL")
        try:
            member = operator_set(
                by=None,
                email=options["email"],
                grant=options["action"] == "grant",
                reason=options["reason"],
            )
        except RapportError as exc:
            raise CommandError(exc.message) from exc
        state = "is an operator" if member.is_operator else "is not an operator"
        self.stdout.write(f"{member.email} {state}")
