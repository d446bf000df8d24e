"""The weekly allowance of join e-mails holds when one member sends from several tabs at once."""

from __future__ import annotations

import pytest

from rapport.accounts.tests.factories import make_member
from rapport.contacts.models import ImportedContact, JoinInvitation
from rapport.contacts.services import JoinsSent, joins_invite
from rapport.contacts.tests.factories import imported, linkedin
from rapport.invitations.tests.factories import T0
from rapport.invitations.tests.test_concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_join_invitations_never_exceed_the_week(limit, settings) -> None:
    settings.RAPPORT = {**settings.RAPPORT, "CONTACTS_JOIN_INVITATIONS": True}
    limit("contacts.joins_per_week", 3)
    ada = make_member("ada", "Ada Lovelace")
    rows = [("Out", f"Sider{i}", f"out{i}@elsewhere.example", "") for i in range(8)]
    imported(ada, linkedin(rows))
    ids = list(ImportedContact.objects.filter(owner=ada).values_list("pk", flat=True))
    # Four requests at once, each with the contacts in another order.
    orders = [ids[i:] + ids[:i] for i in (0, 2, 4, 6)]
    results = run_together(
        [(lambda o=o: joins_invite(sender=ada, contact_ids=o, now=T0)) for o in orders]
    )
    assert all(isinstance(r, JoinsSent) for r in results), results
    assert sum(r.sent for r in results if isinstance(r, JoinsSent)) == 3
    assert JoinInvitation.objects.filter(sender=ada).count() == 3
