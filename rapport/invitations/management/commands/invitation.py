"""`rapport invitation`: invitations for operators and scripts, through the same services.

    rapport invitation send --from ada --to ben [--note TEXT] [--how CHOICE] [--detail TEXT]
                            [--mutual H] [--email EMAIL]
    rapport invitation accept|ignore|decline|report --as ben ID
    rapport invitation withdraw --as ada ID
    rapport invitation list --for ben [--sent [--all]]
    rapport invitation standing ada
    rapport invitation expire

Output is one JSON object per line on standard output, so scripts can parse it.
A refusal prints `{"error": code, "message": …}` on standard error and exits
with status 1; the services raise it before writing, so nothing has changed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rapport.accounts.models import User
from rapport.core.errors import NotFound, RapportError
from rapport.invitations import selectors, services
from rapport.invitations.api_schemas import standing_out
from rapport.invitations.models import HowWeKnow, Invitation, State
from rapport.limits.services import restrictions_lift_due
from rapport.members.selectors import member_by_handle

ANSWERS: dict[str, tuple[Callable[..., Invitation], str]] = {
    "accept": (services.invitation_accept, "Accept an invitation, as its recipient."),
    "ignore": (services.invitation_ignore, "Ignore an invitation, as its recipient."),
    "decline": (services.invitation_decline, 'Answer "I don\'t know this person".'),
    "report": (services.invitation_report, "Report an invitation as spam."),
    "withdraw": (services.invitation_withdraw, "Withdraw an invitation, as its sender."),
}


def _json(value: Any) -> str:
    def default(obj: Any) -> Any:
        if isinstance(obj, dt.datetime):
            return obj.isoformat()
        raise TypeError(f"{type(obj).__name__} is not JSON serialisable")

    return json.dumps(value, ensure_ascii=False, default=default)


def _row(invitation: Invitation) -> dict[str, Any]:
    """An invitation as scripts see it: members by handle."""
    return {
        "id": invitation.pk,
        "state": invitation.state,
        "sender": invitation.sender.handle,
        "recipient": invitation.recipient.handle,
        "note": invitation.note,
        "how_we_know": invitation.how_we_know,
        "how_detail": invitation.how_detail,
        "mutual": invitation.mutual.handle if invitation.mutual else None,
        "created_at": invitation.created_at,
        "decided_at": invitation.decided_at,
    }


def _member(handle: str) -> User:
    member = member_by_handle(handle)
    if member is None:
        raise NotFound(f"No active member with the handle {handle!r}.", code="member.not_found")
    return member


class Command(BaseCommand):
    help = "Send, answer, list and maintain invitations; one JSON object per line."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

        send = actions.add_parser("send", help="Invite a member (or accept their invitation).")
        send.add_argument("--from", dest="sender", required=True, metavar="HANDLE")
        send.add_argument("--to", dest="recipient", required=True, metavar="HANDLE")
        send.add_argument("--note", default="", help="The personal note (at most 300 chars).")
        send.add_argument(
            "--how", choices=HowWeKnow.values, default=HowWeKnow.OTHER, help="How you know them."
        )
        send.add_argument("--detail", default="", help="Which employer, school, event or group.")
        send.add_argument("--mutual", default=None, metavar="HANDLE", help="With --how mutual.")
        send.add_argument("--email", default=None, help="The recipient's email address.")

        for name, (_, about) in ANSWERS.items():
            answer = actions.add_parser(name, help=about)
            answer.add_argument("--as", dest="member", required=True, metavar="HANDLE")
            answer.add_argument("invitation_id", type=int, metavar="ID")

        listing = actions.add_parser("list", help="Pending invitations to a member (or sent).")
        listing.add_argument("--for", dest="member", required=True, metavar="HANDLE")
        listing.add_argument("--sent", action="store_true", help="Those the member sent.")
        listing.add_argument(
            "--all", action="store_true", help="With --sent: answered ones too, not only pending."
        )

        standing = actions.add_parser("standing", help="A sender's standing report.")
        standing.add_argument("member", metavar="HANDLE")

        actions.add_parser("expire", help="Expire old invitations and lift due restrictions.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "send":
                rows = [self._send(options)]
            elif action in ANSWERS:
                service, _ = ANSWERS[action]
                invitation = service(
                    member=_member(options["member"]), invitation_id=options["invitation_id"]
                )
                rows = [_row(invitation)]
            elif action == "list":
                rows = self._list(options)
            elif action == "standing":
                rows = [standing_out(selectors.standing_for(_member(options["member"])))]
            else:
                rows = [
                    {
                        "expired": services.invitations_expire_due(),
                        "lifted": restrictions_lift_due(),
                    }
                ]
        except RapportError as exc:
            # Plain JSON even on a terminal: no colour codes around it.
            self.stderr.write(_json(exc.as_dict()), style_func=str)
            raise SystemExit(1) from exc
        for row in rows:
            self.stdout.write(_json(row))

    def _send(self, options: dict[str, Any]) -> dict[str, Any]:
        mutual = _member(options["mutual"]) if options["mutual"] else None
        invitation = services.invitation_send(
            sender=_member(options["sender"]),
            recipient=_member(options["recipient"]),
            note=options["note"],
            how_we_know=options["how"],
            how_detail=options["detail"],
            mutual=mutual,
            recipient_email=options["email"],
        )
        return _row(invitation)

    def _list(self, options: dict[str, Any]) -> list[dict[str, Any]]:
        member = _member(options["member"])
        if options["sent"]:
            state = None if options["all"] else State.PENDING
            invitations = selectors.sent_by(member, state=state).select_related("sender", "mutual")
        else:
            if options["all"]:
                raise RapportError(
                    "--all goes with --sent; invitations to a member are listed while pending.",
                    code="command.usage",
                )
            invitations = (
                selectors.pending_received(member)
                .select_related("recipient")
                .order_by("-created_at")
            )
        return [_row(invitation) for invitation in invitations]
