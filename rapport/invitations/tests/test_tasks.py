import datetime as dt

import pytest
from django.core.management import call_command

from rapport.invitations.models import Invitation, State
from rapport.invitations.services import invitation_send
from rapport.invitations.tasks import invitations_housekeeping

pytestmark = pytest.mark.django_db


def test_housekeeping_expires_old_invitations_once(ada, ben):
    invitation = invitation_send(sender=ada, recipient=ben)
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=invitation.created_at - dt.timedelta(days=91)
    )
    first = invitations_housekeeping.enqueue()
    second = invitations_housekeeping.enqueue()
    assert first.return_value == {"expired": 1, "lifted": 0, "suspensions_ended": 0}
    assert second.return_value == {"expired": 0, "lifted": 0, "suspensions_ended": 0}
    assert Invitation.objects.get().state == State.EXPIRED


def test_housekeeping_command_reports_what_it_did(ada, capsys):
    call_command("invitations-housekeeping")
    assert "expired 0 invitations, lifted 0 restrictions, ended 0 suspensions" in (
        capsys.readouterr().out
    )
