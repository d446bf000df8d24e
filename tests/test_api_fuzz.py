"""Fuzz every API operation from its own OpenAPI schema: the API does what it says.

Schemathesis drives the app in-process over WSGI against the test database, as
a member with a profile, work history, education, connections, notifications
and tokens, so the generated requests reach real rows and real services. Each
answer is checked against the schema: no 5xx, only documented statuses, bodies
and content types as documented, and every request the schema refuses refused
(4xx). Examples are capped (RAPPORT_FUZZ_EXAMPLES per operation, 25 by default)
so the run stays around a minute per database; for a deeper run set
RAPPORT_FUZZ_EXAMPLES (e.g. 500) and RAPPORT_FUZZ_COVERAGE=1 (schemathesis's
boundary-value phase).
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from rapport.accounts.models import AccessToken, User
from rapport.accounts.services import token_create, token_revoke
from rapport.accounts.tests.factories import make_member
from rapport.companies.services import position_add
from rapport.invitations.services import invitation_message_add, invitation_send
from rapport.members.services import education_add, privacy_update
from rapport.network.services import connection_create
from rapport.notifications.services import notification_send


class Bearer:
    """A token for the fuzzed member that survives the fuzzer revoking it."""

    def __init__(self, member: User):
        self.member = member
        self._issue()

    def _issue(self) -> None:
        issued = token_create(member=self.member, name="fuzz")
        self.token_id, self.secret = issued.token.pk, issued.secret

    def headers(self) -> dict[str, str]:
        token = AccessToken.objects.filter(pk=self.token_id, revoked_at__isnull=True)
        if not token.exists():
            # DELETE /me/tokens/{id} guessed our id; make room under the limit, re-issue.
            for old in AccessToken.objects.filter(member=self.member, revoked_at__isnull=True):
                token_revoke(member=self.member, token_id=old.pk)
            self._issue()
        return {"Authorization": f"Bearer {self.secret}"}


@pytest.fixture
def fuzzed_member(db) -> User:
    ada = make_member(
        "ada",
        "Ada Lovelace",
        headline="Analyst",
        location="London",
        skills=["Mathematics"],
        open_to=["mentoring"],
    )
    ben = make_member("ben", "Ben Okafor", headline="Designer")
    chidi = make_member("chidi", "Chidi Anagonye")
    privacy_update(member=ben, connections_visibility="everyone")
    position_add(
        member=ada,
        company_name="Engines Ltd",
        title="Analyst",
        started_on=dt.date(2020, 1, 1),
        is_current=True,
    )
    position_add(
        member=ben,
        company_name="Acme",
        title="Designer",
        started_on=dt.date(2018, 1, 1),
        ended_on=dt.date(2019, 1, 1),
    )
    position_add(
        member=chidi,
        company_name="Acme",
        title="Ethicist",
        started_on=dt.date(2022, 1, 1),
        is_current=True,
    )
    education_add(member=ada, school_name="University of London", start_year=2001)
    connection_create(member=ben, other=ada, source="operator")
    connection_create(member=chidi, other=ben, source="operator")
    notification_send(recipient=ada, kind="system.welcome")
    # Invitations both ways and a thread, so the answer and thread endpoints reach
    # their real paths rather than only ever answering 404.
    dee = make_member("dee", "Dee Mensah")
    eve = make_member("eve", "Eve Tanaka")
    asked = invitation_send(sender=chidi, recipient=ada, note="")
    invitation_message_add(member=ada, invitation_id=asked.pk, text="How do we know each other?")
    invitation_send(sender=dee, recipient=ada, note="Hi Ada, we met at PyCon Lagos.")
    invitation_send(sender=ada, recipient=eve, note="Hi Eve, Ben suggested I reach out.")
    return ada


@pytest.fixture
def bearer(fuzzed_member) -> Bearer:
    return Bearer(fuzzed_member)


@pytest.fixture
def keep_test_connection():
    """Keep Django's handler from closing the test transaction's connection.

    The WSGI handler closes database connections when a request starts and ends;
    inside a test that would drop the transaction holding the fixtures. Django's
    own test client disconnects the same signal handler for the same reason.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
    negative_data_rejection,
]
MAX_EXAMPLES = int(os.environ.get("RAPPORT_FUZZ_EXAMPLES", "25"))
COVERAGE = os.environ.get("RAPPORT_FUZZ_COVERAGE") == "1"

# Loading the schema needs no database: it is generated from the code.
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json",
    get_wsgi_application(),
    config=schemathesis.Config.from_dict(
        {
            # Coverage is the slow phase; examples and fuzzing reach every operation.
            "phases": {"coverage": {"enabled": COVERAGE}, "stateful": {"enabled": False}},
            # Valid and deliberately invalid requests alike.
            "generation": {"mode": "all"},
        }
    ),
)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_answers_as_its_schema_says(case, bearer, keep_test_connection):
    case.call_and_validate(headers=bearer.headers(), checks=CHECKS)
