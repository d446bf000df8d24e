"""Fixtures for the invitation API tests: an API client for each of the cast."""

from __future__ import annotations

import pytest

from rapport.core.tests.test_api import ApiClient, as_member


@pytest.fixture
def api(ada) -> ApiClient:
    return as_member(ada)


@pytest.fixture
def ben_api(ben) -> ApiClient:
    return as_member(ben)


@pytest.fixture
def chidi_api(chidi) -> ApiClient:
    return as_member(chidi)
