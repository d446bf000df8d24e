"""The invitation paths' round trips, pinned (issue 20): a new query is a decision.

Counted without the test's own savepoints (a request commits with one BEGIN and one
COMMIT, which Django does not log) and with the limits already read, as a process
reads them once every few seconds rather than per request.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rapport.core import limits
from rapport.core.tests.queries import statements
from rapport.invitations.models import State
from rapport.invitations.services import invitation_accept, invitation_send
from rapport.limits.models import Standing
from rapport.network.selectors import are_connected

pytestmark = pytest.mark.django_db

NOTE = "Hi Ben, we met at the Leeds data meetup: your talk on tenant partitioning."


def shown(sql: list[str]) -> str:
    return "\n".join(s[:120] for s in sql)


@pytest.mark.parametrize("answered_before", [True, False])
def test_an_accept_costs_at_most_twelve_statements(ada, ben, answered_before):
    invitation = invitation_send(sender=ada, recipient=ben, note=NOTE)
    if answered_before:  # the row an earlier answer to Ada's invitations left
        Standing.objects.get_or_create(member=ada)
    limits.current()
    with CaptureQueriesContext(connection) as captured:
        invitation_accept(member=ben, invitation_id=invitation.pk)
    sql = statements(captured)
    # The pair, their locks and the invitation (3), its answer, the connection and the
    # change log (no lock: decision 0008), the sender's standing and rate.
    assert len(sql) <= 12, shown(sql)
    # A first answer also writes the standing row (one INSERT more).
    expected = 8 + (0 if answered_before else 1)
    assert len(sql) == expected, shown(sql)
    assert are_connected(ada.pk, ben.pk)
    invitation.refresh_from_db()
    assert invitation.state == State.ACCEPTED


def test_a_send_with_every_check_is_pinned(ada, ben, chidi):
    # Ada has sent before (her quota slots exist); the note is checked by the coach with
    # what the two share.
    invitation_send(sender=ada, recipient=chidi, note="Hi Chidi, loved your post on Rust.")
    limits.current()
    with CaptureQueriesContext(connection) as captured:
        invitation_send(sender=ada, recipient=ben, note=NOTE)
    sql = statements(captured)
    assert len(sql) == SEND_STATEMENTS[connection.vendor], shown(sql)


# Issue 20's 10 (it was 33): the sender's caps, restriction and moderator's restriction
# with the recipient's settings (one), the pair's invitations, a block or a connection,
# the coach's shared context (employers and schools, mutuals, groups: three; the mutuals'
# one is a read of the connections table that only a test's transaction pays, where the
# graph index has no shared state), then under the pair's locks the lock, the pair again
# (block, connection and the waiting invitation: one), one conditional update for both
# allowances and the insert.
SEND_STATEMENTS = {"sqlite": 10, "postgresql": 10}
