"""Suite-wide fixtures: a named cast of members and settings fit for tests.

Only the edges are replaced: email goes to Django's locmem outbox (pytest-django
does this) and background jobs run immediately. The database is real — SQLite,
or PostgreSQL when DATABASE_URL points at it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from rapport.accounts.tests.factories import make_member
from rapport.core import limits as limits_registry


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Argon2 is the real hasher (a test checks it); MD5 first keeps fixtures fast.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _limits_read_afresh() -> Iterator[None]:
    """A test's limits are its own: nothing cached from a test whose writes rolled back."""
    limits_registry.forget()
    yield
    limits_registry.forget()


@pytest.fixture
def limit(db) -> Callable[..., None]:
    """`limit("conversations.message_requests_per_week", 3)`: set limits the way operators
    do (validated; several at once as keywords with dots written as `__`)."""
    from rapport.limits.services import limits_set

    def set_limit(name: str | None = None, value: object = None, **more: object) -> None:
        changes = {k.replace("__", "."): v for k, v in more.items()}
        if name is not None:
            changes[name] = value
        limits_set(by=None, changes=changes)

    return set_limit


@pytest.fixture
def ada(db):
    return make_member("ada", "Ada Lovelace", headline="Analyst at Engines Ltd")


@pytest.fixture
def ben(db):
    return make_member("ben", "Ben Okafor", headline="Product designer")


@pytest.fixture
def chidi(db):
    return make_member("chidi", "Chidi Anagonye", headline="Ethics lecturer")


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
