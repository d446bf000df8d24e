"""A small community for the browser tests of the whole site: Ada with enough
connections to page the trust list, invitations waiting with notes the coach has
opinions about, a conversation, notifications and a company."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from playwright.sync_api import Page, expect

from rapport.accounts.models import User
from rapport.accounts.tests.factories import PASSWORD, make_member
from rapport.companies.services import position_add
from rapport.conversations import services as messaging
from rapport.conversations.models import Participant
from rapport.conversations.tests.factories import GENUINE, connect, connect_by_invitation
from rapport.invitations.services import invitation_send
from rapport.trust import services as trust

CONNECTIONS = 27  # more than one page of the trust list


@dataclass
class Community:
    ada: User
    ben: User
    chidi: User
    conversation_url: str


def build() -> Community:
    ada = make_member("ada", "Ada Lovelace", headline="Analyst at Engines Ltd", location="London")
    ben = make_member("ben", "Ben Okafor", headline="Product designer", location="Lagos")
    chidi = make_member("chidi", "Chidi Anagonye", headline="Ethics lecturer")
    for member, title in ((ada, "Analyst"), (ben, "Product designer")):
        position_add(
            member=member,
            company_name="Engines Ltd",
            title=title,
            started_on=dt.date(2020, 1, 1),
            is_current=True,
        )
    connect_by_invitation(ada, ben)
    connect(ben, chidi)
    for i in range(CONNECTIONS - 1):
        other = make_member(
            f"member{i:02d}",
            f"Member Number{i:02d}",
            headline="Staff engineer with a rather long headline about platforms",
        )
        connect(ada, other, days_ago=30)
    messaging.message_send(sender=ada, recipient=ben, text=GENUINE)
    messaging.message_send(sender=ben, recipient=ada, text="Thank you, Ada. See you soon.")
    for handle, name, note in (
        ("dee", "Dee Mensah", "I'd like to add you to my professional network."),
        (
            "eve",
            "Eve Adeyemi",
            "Hi Ada! We help companies like yours cut cloud costs by 30%. "
            "Do you have 15 minutes this week for a quick call?",
        ),
        (
            "fola",
            "Folake Okafor",
            "Ada, we sat together at the PyData London talk on graph "
            "indexes; I would like to keep in touch about your benchmarks.",
        ),
    ):
        sender = make_member(handle, name, headline="Consultant")
        invitation_send(sender=sender, recipient=ada, note=note)
    trust.trust_recompute(member=ada)
    conversation_id = Participant.objects.filter(member=ada).values_list(
        "conversation_id", flat=True
    )[0]
    return Community(
        ada=ada, ben=ben, chidi=chidi, conversation_url=f"/messages/{conversation_id}/"
    )


def log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url("/accounts/login/")
