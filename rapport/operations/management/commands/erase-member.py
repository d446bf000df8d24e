"""`rapport erase-member EMAIL --reason "…"`: erase an account at once (a legal request),
without the grace period; audited."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.accounts.models import User
from rapport.core.errors import RapportError
from rapport.operations.erasure import member_erase


class Command(BaseCommand):
    help = "Erase a member's account at once, for a legal reason (audited)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--reason", required=True, help="Why, for the audit log.")

    def handle(self, *args: Any, **options: Any) -> None:
        member = User.objects.filter(email__iexact=options["email"].strip()).first()
        if member is None:
            raise CommandError("No account has that e-mail address.")
        if len(" ".join(options["reason"].split())) < 10:
            raise CommandError("Say why the account is erased at once (the legal reason).")
        try:
            member_erase(member=member, reason=options["reason"])
        except RapportError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"erased member {member.pk}")
