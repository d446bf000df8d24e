"""`rapport demo` against the real database: it loads the plan, refuses to overwrite, logs in."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import F, Q
from django.utils import timezone

from rapport.accounts.models import User
from rapport.accounts.tests.factories import make_member
from rapport.companies.models import Company, Position
from rapport.conversations.models import Message
from rapport.core.text import fold
from rapport.demo.generator import community_plan
from rapport.demo.plan import ADA, OPERATOR
from rapport.members.models import Education, Profile, SearchEntry
from rapport.network.models import Connection
from rapport.notifications.models import Notification

SIZE = 60
SEED = 7


def _demo(**options: object) -> str:
    """The demo command; without the activity (messages, trust, introductions) unless asked:
    these tests are about the community itself, and the activity has tests of its own."""
    out = StringIO()
    call_command("demo", stdout=out, **{"without_activity": True, **options})
    return out.getvalue()


def _snapshot() -> tuple[list[str], set[tuple[str, str]], list[tuple[str, str, str]]]:
    handles = dict(User.objects.values_list("pk", "handle"))
    edges = {
        (handles[low], handles[high])
        for low, high in Connection.objects.values_list("member_low_id", "member_high_id")
    }
    positions = sorted(
        (p.member.handle, p.company.slug, p.title)
        for p in Position.objects.select_related("member", "company")
    )
    return sorted(handles.values()), edges, positions


def _wipe() -> None:
    Notification.objects.all().delete()
    Connection.objects.all().delete()
    User.objects.all().delete()


@pytest.mark.django_db
def test_loads_exactly_the_planned_community() -> None:
    _demo(members=SIZE, seed=SEED, without_activity=False)
    plan = community_plan(size=SIZE, seed=SEED, today=timezone.localdate())
    handles, edges, _ = _snapshot()
    assert handles == sorted([m.handle for m in plan.members] + [OPERATOR.handle])
    by_index = [m.handle for m in plan.members]
    planned = {(by_index[c.low], by_index[c.high]) for c in plan.connections}
    assert planned <= edges
    # Beyond the plan, only the demo's newcomers who wrote at once (rapport.demo.conversations).
    handles_by_pk = {h: pk for pk, h in User.objects.values_list("pk", "handle")}
    for low, high in edges - planned:
        a, b = handles_by_pk[low], handles_by_pk[high]
        assert Message.objects.filter(
            Q(sender_id=a, recipient_id=b) | Q(sender_id=b, recipient_id=a)
        ).exists(), (low, high)
    assert Position.objects.count() == sum(len(m.positions) for m in plan.members)
    assert Education.objects.count() == sum(len(m.education) for m in plan.members)
    assert Profile.objects.count() == SIZE + 1
    # Written in bulk, each member still has what search finds them by.
    ada = User.objects.get(handle=ADA.handle)
    assert SearchEntry.objects.count() == SIZE + 1
    assert fold(ada.display_name) in SearchEntry.objects.get(member=ada).text


@pytest.mark.django_db
def test_the_same_seed_loads_the_same_community_into_a_flushed_database() -> None:
    _demo(members=SIZE, seed=SEED)
    first = _snapshot()
    _wipe()
    _demo(members=SIZE, seed=SEED)
    assert _snapshot() == first


@pytest.mark.django_db
def test_loaded_rows_keep_the_rules_the_constraints_state() -> None:
    _demo(members=SIZE, seed=SEED)
    assert not Connection.objects.filter(member_low_id__gte=F("member_high_id")).exists()
    assert not Position.objects.filter(Q(is_current=True) & Q(ended_on__isnull=False)).exists()
    assert not Position.objects.filter(started_on__gt=timezone.localdate()).exists()
    assert set(Position.objects.values_list("started_on__day", flat=True)) == {1}
    # Every account shares one hash: the demo password was hashed once.
    assert User.objects.values("password").distinct().count() == 1


@pytest.mark.django_db
def test_refuses_a_database_that_has_members_and_changes_nothing(ada: User) -> None:
    with pytest.raises(CommandError, match="database is not empty"):
        _demo(members=SIZE)
    assert list(User.objects.values_list("handle", flat=True)) == ["ada"]
    assert not Connection.objects.exists()
    assert not Company.objects.exists()


@pytest.mark.django_db
def test_if_empty_skips_a_database_that_has_members(ada: User) -> None:
    out = _demo(members=SIZE, if_empty=True)
    assert "leaving it as it is" in out
    assert "No demo log-ins" in out
    assert User.objects.count() == 1
    assert not Position.objects.exists()


@pytest.mark.django_db
def test_if_empty_after_a_load_skips_and_prints_the_log_ins_again() -> None:
    _demo(members=SIZE)
    out = _demo(members=SIZE, if_empty=True)
    assert "leaving it as it is" in out
    assert ADA.email in out and OPERATOR.email in out
    assert User.objects.count() == SIZE + 1


@pytest.mark.django_db
def test_the_printed_password_logs_in_and_the_operator_is_staff() -> None:
    out = _demo(members=SIZE)
    password = re.search(r"password for each: (\S+)\)", out)
    assert password is not None
    emails = re.findall(r"^\s+(\S+@rapport\.example)\s", out, flags=re.MULTILINE)
    assert len(emails) == 3
    for email in emails:
        assert authenticate(email=email, password=password.group(1)) is not None
    operator = authenticate(email=OPERATOR.email, password=password.group(1))
    assert operator is not None and operator.is_staff and operator.is_superuser
    assert authenticate(email=ADA.email, password="not the password") is None


@pytest.mark.django_db
def test_demo_log_ins_have_unread_notifications() -> None:
    _demo(members=SIZE)
    ada = User.objects.get(email=ADA.email)
    mine = Notification.objects.filter(recipient=ada, kind="network.connection_made")
    # Connections made days apart are rows of their own; close together, one group.
    assert sum(mine.values_list("actor_count", flat=True)) >= 3
    assert mine.filter(is_read=False).exists() and mine.filter(is_read=True).exists()


@pytest.mark.django_db
def test_prints_progress_and_a_summary() -> None:
    out = _demo(members=SIZE, without_activity=False)
    assert "members" in out and "connections" in out
    summary = re.search(r"(\d+) members, ([\d,]+) connections \(max degree (\d+), median", out)
    assert summary is not None
    assert int(summary.group(1)) == SIZE
    added = re.search(r"(\d+) new connections who wrote first", out)
    assert added is not None
    assert (
        int(summary.group(2).replace(",", "")) + int(added.group(1)) == Connection.objects.count()
    )


@pytest.mark.django_db
def test_refuses_a_size_it_cannot_make_believable() -> None:
    with pytest.raises(CommandError, match="--members must be between"):
        _demo(members=3)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_reuses_companies_left_from_before() -> None:
    plan = community_plan(size=SIZE, seed=SEED, today=timezone.localdate())
    first = plan.companies[0]
    Company.objects.create(name=first.name, slug=first.slug)
    make_member("zed", "Zed Left").delete()
    _demo(members=SIZE, seed=SEED)
    assert Company.objects.filter(slug=first.slug).count() == 1


@pytest.mark.django_db
def test_without_activity_loads_the_community_and_invitations_only() -> None:
    from rapport.invitations.models import Invitation
    from rapport.trust.models import Introduction, TrustScore

    out = _demo(members=SIZE, seed=SEED, without_activity=True)
    assert "messages in" not in out and "trust scores" not in out
    assert Invitation.objects.exists() and Connection.objects.exists()
    assert not Message.objects.exists()
    assert not TrustScore.objects.exists() and not Introduction.objects.exists()


@pytest.mark.django_db
def test_the_demo_e_mails_nobody(mailoutbox, django_capture_on_commit_callbacks) -> None:
    """Its notifications are history: invented members at @rapport.example get no e-mail,
    now (instant kinds such as invitations) or in a digest."""
    with django_capture_on_commit_callbacks(execute=True):
        _demo(members=SIZE)
    assert mailoutbox == []
    assert Notification.objects.exists()
    assert not Notification.objects.exclude(email="off").exists()
