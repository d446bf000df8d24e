"""Suite-wide fixtures: a named cast of members and settings fit for tests.

Only the edges are replaced: email goes to Django's locmem outbox (pytest-django
does this) and background jobs run immediately. The database is real — SQLite,
or PostgreSQL when DATABASE_URL points at it.
"""

from __future__ import annotations

import pytest

from rapport.accounts.tests.factories import make_member


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
