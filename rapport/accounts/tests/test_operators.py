"""The operator role: granted and revoked with an audit entry, checked instead of
`is_staff`, and the Django admin kept for superusers."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from rapport.accounts.models import AuditEntry, User
from rapport.accounts.roles import is_operator
from rapport.accounts.services import audit_record, operator_set
from rapport.core.errors import NotFound, PermissionDenied

pytestmark = pytest.mark.django_db


def test_the_command_grants_and_revokes_the_role_and_audits_both(ada, capsys):
    call_command("operators", "grant", ada.email.upper(), "--reason", "runs the spring meetup")
    ada.refresh_from_db()
    assert ada.is_operator and is_operator(ada)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.actor_label) == (
        "operator.grant",
        None,
        "command line",
    )
    assert entry.reason == "runs the spring meetup" and entry.target == f"member {ada.pk} @ada"
    call_command("operators", "list")
    assert ada.email in capsys.readouterr().out
    call_command("operators", "revoke", ada.email)
    ada.refresh_from_db()
    assert not ada.is_operator
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [
        "operator.revoke",
        "operator.grant",
    ]


def test_granting_twice_records_once_and_a_stranger_address_is_refused(ada):
    operator_set(by=None, email=ada.email, grant=True)
    operator_set(by=None, email=ada.email, grant=True)
    assert AuditEntry.objects.count() == 1
    with pytest.raises(NotFound):
        operator_set(by=None, email="nobody@example.com", grant=True)
    with pytest.raises(CommandError, match="No account"):
        call_command("operators", "grant", "nobody@example.com")


def test_only_an_operator_may_grant_the_role(ada, ben):
    with pytest.raises(PermissionDenied):
        operator_set(by=ben, email=ada.email, grant=True)
    User.objects.filter(pk=ben.pk).update(is_operator=True)
    ben.refresh_from_db()
    operator_set(by=ben, email=ada.email, grant=True)
    assert AuditEntry.objects.get().actor == ben


def test_staff_alone_is_neither_an_operator_nor_let_into_the_admin(ada):
    User.objects.filter(pk=ada.pk).update(is_staff=True)
    ada.refresh_from_db()
    assert not is_operator(ada)
    client = Client()
    client.force_login(ada)
    assert client.get("/admin/").status_code == 302  # to the admin's own log-in
    assert client.get("/operators/status/").status_code == 403
    User.objects.filter(pk=ada.pk).update(is_superuser=True)
    assert client.get("/admin/").status_code == 200


def test_an_inactive_operator_is_no_operator(ada):
    User.objects.filter(pk=ada.pk).update(is_operator=True, is_active=False)
    ada.refresh_from_db()
    assert not is_operator(ada)


def test_an_entry_keeps_who_acted_after_their_account_is_gone(ada):
    audit_record(actor=ada, action="limit.set", target="x", reason="line\nbreak")
    ada.delete()
    entry = AuditEntry.objects.get()
    assert entry.actor is None and "Ada" in entry.actor_label
    assert entry.reason == "line break"
