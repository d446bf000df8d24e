"""Password reset by e-mail is queued and capped: the request only enqueues a job, the
same job whether or not the address has an account (so the answer takes the same time
either way), and one address gets at most one reset e-mail per interval."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.db.models import F
from django_tasks import task_backends
from django_tasks.backends.dummy import DummyBackend

from rapport.accounts.models import User
from rapport.accounts.tasks import password_reset_send

pytestmark = pytest.mark.django_db

RESET = "/accounts/password/reset/"


def _without_csrf(content: bytes) -> str:
    return re.sub(r'(X-CSRFToken": "|value=")[A-Za-z0-9]{64}', r"\1…", content.decode())


def _interval_passes():
    User.objects.update(
        password_reset_mailed_at=F("password_reset_mailed_at") - dt.timedelta(minutes=11)
    )


def test_the_request_only_enqueues_the_same_job_for_known_and_unknown_addresses(
    client, settings, ada
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    known = client.post(RESET, {"email": "ADA@example.com"})
    unknown = client.post(RESET, {"email": "who@example.com"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert mail.outbox == []  # nothing is sent inside the request
    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend)
    queued = backend.results
    assert [r.task.func for r in queued] == [password_reset_send.func] * 2
    assert [r.args[0] for r in queued] == ["ada@example.com", "who@example.com"]
    # The worker's turn: only the known address gets an e-mail.
    for result in queued:
        result.task.call(*result.args, **result.kwargs)
    assert [m.to for m in mail.outbox] == [["ada@example.com"]]


def test_the_page_is_identical_for_known_and_unknown_addresses(client, ada):
    known = client.post(RESET, {"email": "ada@example.com"}, follow=True)
    unknown = client.post(RESET, {"email": "who@example.com"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert _without_csrf(known.content) == _without_csrf(unknown.content)


def test_a_second_reset_within_the_interval_sends_nothing(client, ada, ben):
    for _ in range(6):
        assert client.post(RESET, {"email": "ada@example.com"}).status_code == 302
    client.post(RESET, {"email": "ben@example.com"})
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.com", "ben@example.com"]
    _interval_passes()
    client.post(RESET, {"email": "ada@example.com"})
    assert len(mail.outbox) == 3


def test_the_interval_is_a_setting(limit, client, settings, ada):
    limit("accounts.password_reset_mail_minutes", 0)
    client.post(RESET, {"email": "ada@example.com"})
    client.post(RESET, {"email": "ada@example.com"})
    assert len(mail.outbox) == 2
