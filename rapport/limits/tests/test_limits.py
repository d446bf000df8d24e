"""Every limit in one registry: declared once, validated, audited, fixed by the
environment when it says so, and read through a short per-process cache."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from rapport.accounts.models import AuditEntry, User
from rapport.core import limits
from rapport.core.errors import LimitReached, PermissionDenied, ValidationFailed
from rapport.core.models import LimitValue
from rapport.limits.services import limits_set

pytestmark = pytest.mark.django_db

EVERY = sorted(limits.REGISTRY)


def test_every_capability_with_limits_has_declared_them():
    capabilities = {limits.REGISTRY[n].capability for n in EVERY}
    assert {
        "accounts",
        "contacts",
        "conversations",
        "invitations",
        "notifications",
        "posts",
        "trust",
    } <= capabilities
    for name in EVERY:
        limit = limits.REGISTRY[name]
        assert limit.says.endswith(".") and limit.unit and limit.env.startswith("RAPPORT_")


@pytest.mark.parametrize("name", EVERY)
def test_each_limit_takes_its_bounds_and_refuses_what_is_outside(name):
    limit = limits.REGISTRY[name]
    assert limit.parse(limit.default) == limit.default
    for bad in (limit.minimum - 1, limit.maximum + 1, "nan", "ten", ""):
        with pytest.raises(ValidationFailed) as refused:
            limits_set(by=None, changes={name: bad})
        assert refused.value.code == "limit.invalid" and refused.value.field == name
    if limit.whole:
        with pytest.raises(ValidationFailed):
            limits_set(by=None, changes={name: "2.5"})
    assert not LimitValue.objects.exists() and not AuditEntry.objects.exists()


def test_a_change_is_stored_audited_and_read_at_once(ada):
    User.objects.filter(pk=ada.pk).update(is_operator=True)
    ada.refresh_from_db()
    assert limits.value("conversations.message_requests_per_week") == 10
    changed = limits_set(
        by=ada,
        changes={"conversations.message_requests_per_week": "4"},
        reason="a wave of spam from new accounts",
    )
    assert changed == {"conversations.message_requests_per_week": (10, 4)}
    assert limits.value("conversations.message_requests_per_week") == 4
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.target) == (
        ada,
        "limit.set",
        "conversations.message_requests_per_week",
    )
    assert entry.detail == {"from": 10, "to": 4} and entry.reason.startswith("a wave")
    # The same value again changes nothing and records nothing.
    assert limits_set(by=ada, changes={"conversations.message_requests_per_week": 4}) == {}
    assert AuditEntry.objects.count() == 1


def test_a_member_may_not_change_limits(ada):
    with pytest.raises(PermissionDenied):
        limits_set(by=ada, changes={"invitations.weekly_cap": 1000})
    assert not LimitValue.objects.exists()


def test_unknown_names_and_broken_rules_change_nothing():
    with pytest.raises(ValidationFailed) as unknown:
        limits_set(by=None, changes={"invitations.weekly_cap": 50, "nope.nothing": 1})
    assert unknown.value.code == "limit.unknown"
    with pytest.raises(ValidationFailed) as broken:
        limits_set(by=None, changes={"invitations.weekly_cap": 10})  # throttled cap is 20
    assert broken.value.code == "limit.rule_broken"
    assert not LimitValue.objects.exists() and not AuditEntry.objects.exists()
    # Both together hold the rule.
    limits_set(
        by=None, changes={"invitations.weekly_cap": 10, "invitations.throttled_weekly_cap": 5}
    )
    assert limits.value("invitations.weekly_cap") == 10


def test_the_environment_fixes_a_limit_at_start_up(monkeypatch):
    monkeypatch.setenv("RAPPORT_TEST_WIDGETS", "7")
    monkeypatch.setitem(limits.REGISTRY, "test.widgets", None)  # restored afterwards
    del limits.REGISTRY["test.widgets"]
    limits.declare(
        limits.Limit("test.widgets", 3, "widgets", "A test.", env="RAPPORT_TEST_WIDGETS")
    )
    try:
        limits.forget()
        assert limits.value("test.widgets") == 7
        with pytest.raises(ValidationFailed) as fixed:
            limits_set(by=None, changes={"test.widgets": 4})
        assert fixed.value.code == "limit.fixed_by_environment"
        monkeypatch.setenv("RAPPORT_TEST_BAD", "lots")
        with pytest.raises(ImproperlyConfigured, match="RAPPORT_TEST_BAD"):
            limits.declare(
                limits.Limit("test.bad", 3, "widgets", "A test.", env="RAPPORT_TEST_BAD")
            )
    finally:
        limits._FIXED.pop("test.widgets", None)
        limits.REGISTRY.pop("test.bad", None)


def test_another_server_s_change_is_read_once_the_cache_expires(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(limits.time, "monotonic", lambda: clock[0])
    limits.forget()
    assert limits.value("posts.mentions_per_post") == 10
    LimitValue.objects.create(name="posts.mentions_per_post", value=3)  # another process
    assert limits.value("posts.mentions_per_post") == 10
    clock[0] += limits.CACHE_SECONDS + 0.1
    assert limits.value("posts.mentions_per_post") == 3


def test_a_lowered_limit_holds_on_the_next_request(limit, ada, ben, chidi):
    """The registry is what services read: a cap set to 1 refuses the second request."""
    from rapport.conversations.services import message_send, messaging_preferences_update

    for person in (ben, chidi):
        messaging_preferences_update(member=person, who_may_message="anyone")
    limit("conversations.message_requests_per_week", 1)
    message_send(sender=ada, recipient=ben, text="Hello Ben, we met at the meetup on Tuesday.")
    with pytest.raises(LimitReached) as refused:
        message_send(sender=ada, recipient=chidi, text="Hello Chidi, we met on Tuesday too.")
    assert refused.value.code == "message.request_limit"


def test_the_command_shows_every_limit_and_sets_one(capsys):
    call_command("limits", "show")
    out = capsys.readouterr().out
    assert all(name in out for name in EVERY)
    call_command("limits", "show", "--json")
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["name"] for r in rows} == set(EVERY)
    assert all(r["source"] == "default" for r in rows)
    call_command("limits", "set", "trust.introduction_hop_days", "10", "--reason", "holidays")
    assert "7 → 10" in capsys.readouterr().out
    assert AuditEntry.objects.get().actor_label == "command line"
    with pytest.raises(CommandError, match="between"):
        call_command("limits", "set", "trust.introduction_hop_days", "0")
    with pytest.raises(CommandError, match="no limit"):
        call_command("limits", "set", "trust.nothing", "1")
    call_command("limits", "show", "--json")
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    hop = next(r for r in rows if r["name"] == "trust.introduction_hop_days")
    assert (hop["value"], hop["source"]) == (10, "operator")
