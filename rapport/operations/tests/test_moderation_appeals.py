"""Appeals and suspensions in the moderation console: the member appeals once (by a
signed link when suspended), moderators decide beside the queue, and a decision is
lifted, or not, and told."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from rapport.accounts.models import AuditEntry, User
from rapport.accounts.tests.factories import make_member
from rapport.core.errors import PermissionDenied
from rapport.invitations import services as invitations
from rapport.limits.models import Sanction
from rapport.limits.services import sanctions_end_due

pytestmark = pytest.mark.django_db


def test_a_suspension_signs_the_member_out_mails_an_appeal_link_and_an_appeal_ends_it(
    console, reported, ada, operator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        console.post(
            "/operators/moderation/act/",
            {
                "key": f"profile:{ada.pk}",
                "action": "suspend",
                "days": "30",
                "reason": "Threats against another member.",
            },
        )
    ada.refresh_from_db()
    assert not ada.is_active
    letter = mail.outbox[-1]
    assert letter.to == [ada.email] and "Threats against another member." in letter.body
    link = re.search(r"http://\S+/moderation/appeal/(\S+)/", str(letter.body))
    assert link is not None
    appeal_page = Client().get(f"/moderation/appeal/{link.group(1)}/")
    assert appeal_page.status_code == 200
    assert Client().get("/moderation/appeal/forged-token/").status_code == 404
    Client().post(
        f"/moderation/appeal/{link.group(1)}/",
        {"text": "Those were quotes from a film we discussed, not threats."},
    )
    sanction = Sanction.objects.get(member=ada, kind="suspension")
    assert sanction.appeal_state == "pending"
    html = console.get("/operators/moderation/").content.decode()
    assert f'data-testid="appeal-decision-{sanction.pk}"' in html and "quotes from a film" in html
    with django_capture_on_commit_callbacks(execute=True):
        console.post(
            f"/operators/moderation/appeals/decision/{sanction.pk}/",
            {"accept": "1", "note": "Understood, sorry."},
        )
    ada.refresh_from_db()
    assert ada.is_active
    sanction.refresh_from_db()
    assert sanction.lifted_at is not None and sanction.appeal_state == "accepted"
    assert AuditEntry.objects.filter(action="appeal.accept").exists()


def test_a_refused_suspension_appeal_is_answered_by_e_mail(
    console, reported, ada, django_capture_on_commit_callbacks
):
    from rapport.limits.services import sanction_appeal

    console.post(
        "/operators/moderation/act/",
        {
            "key": f"profile:{ada.pk}",
            "action": "suspend",
            "days": "30",
            "reason": "Threats, twice.",
        },
    )
    sanction = Sanction.objects.get(member=ada)
    sanction_appeal(member=ada, sanction_id=sanction.pk, text="Please look again at the context.")
    with django_capture_on_commit_callbacks(execute=True):
        console.post(
            f"/operators/moderation/appeals/decision/{sanction.pk}/",
            {"accept": "0", "note": "The messages speak for themselves."},
        )
    letter = mail.outbox[-1]
    assert letter.to == [ada.email] and "refused" in letter.subject
    assert "The messages speak for themselves." in letter.body
    ada.refresh_from_db()
    assert not ada.is_active


def test_accepting_one_appeal_leaves_another_suspension_in_force(console, reported, ada):
    from rapport.limits.services import sanction_appeal, sanction_impose

    console.post(
        "/operators/moderation/act/",
        {
            "key": f"profile:{ada.pk}",
            "action": "suspend",
            "days": "30",
            "reason": "Threats, twice.",
        },
    )
    other = make_member("otto", "Otto Operator")
    User.objects.filter(pk=other.pk).update(is_operator=True)
    other.refresh_from_db()
    sanction_impose(operator=other, member=ada, kind="suspension", reason="Until we talk, please.")
    first = Sanction.objects.filter(member=ada).order_by("pk").first()
    assert first is not None
    sanction_appeal(member=ada, sanction_id=first.pk, text="The first one was a misunderstanding.")
    console.post(f"/operators/moderation/appeals/decision/{first.pk}/", {"accept": "1"})
    ada.refresh_from_db()
    assert not ada.is_active


def test_a_suspension_ends_by_itself(console, reported, ada):
    console.post(
        "/operators/moderation/act/",
        {
            "key": f"profile:{ada.pk}",
            "action": "suspend",
            "days": "3",
            "reason": "Time to cool off, please.",
        },
    )
    assert sanctions_end_due(now=timezone.now() + dt.timedelta(days=2)) == 0
    assert sanctions_end_due(now=timezone.now() + dt.timedelta(days=4)) == 1
    ada.refresh_from_db()
    assert ada.is_active


def test_a_restriction_appeal_from_invitations_is_decided_in_the_same_console(console, db):
    spammer = make_member("spam", "Sam Spammer")
    for i in range(5):
        person = make_member(f"r{i}", f"R Person{i}")
        sent = invitations.invitation_send(sender=spammer, recipient=person)
        invitations.invitation_decline(member=person, invitation_id=sent.pk)
    appeal = invitations.appeal_submit(member=spammer, text="I met them all at the fair.")
    html = console.get("/operators/moderation/").content.decode()
    assert f'data-testid="appeal-standing-{appeal.pk}"' in html
    console.post(f"/operators/moderation/appeals/standing/{appeal.pk}/", {"accept": "1"})
    appeal.refresh_from_db()
    assert appeal.state == "accepted"
    assert console.post("/operators/moderation/appeals/nonsense/1/").status_code == 302


def test_moderators_neither_sanction_themselves_nor_decide_their_own_appeal(console, operator, ben):
    from rapport.limits.services import sanction_appeal, sanction_impose

    with pytest.raises(PermissionDenied):
        sanction_impose(operator=operator, member=operator, kind="warning", reason="Myself, oops.")
    other = make_member("otto", "Otto Operator")
    User.objects.filter(pk=other.pk).update(is_operator=True)
    other.refresh_from_db()
    warning = sanction_impose(operator=other, member=operator, kind="warning", reason="Be kinder.")
    sanction_appeal(member=operator, sanction_id=warning.pk, text="I was kind, look again.")
    response = console.post(
        f"/operators/moderation/appeals/decision/{warning.pk}/", {"accept": "1"}
    )
    assert response.status_code == 302
    warning.refresh_from_db()
    assert warning.appeal_state == "pending"


def test_a_member_appeals_once(ada, operator):
    from rapport.core.errors import Conflict
    from rapport.limits.services import sanction_appeal, sanction_impose

    warning = sanction_impose(operator=operator, member=ada, kind="warning", reason="Be kinder.")
    member = Client()
    member.force_login(ada)
    member.post(f"/moderation/{warning.pk}/appeal/", {"text": "too short"})
    warning.refresh_from_db()
    assert warning.appeal_state == ""
    member.post(f"/moderation/{warning.pk}/appeal/", {"text": "I was quoting the other side."})
    with pytest.raises(Conflict):
        sanction_appeal(member=ada, sanction_id=warning.pk, text="And again, a second time.")
    other = make_member("eve", "Eve Other")
    stranger = Client()
    stranger.force_login(other)
    stranger.post(f"/moderation/{warning.pk}/appeal/", {"text": "Appealing someone else's."})
    assert Sanction.objects.get().appeal_text == "I was quoting the other side."
