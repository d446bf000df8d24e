"""Each test gets its own graph directory and media folder; a few members and groups."""

from __future__ import annotations

import pytest

from rapport.network import graph


@pytest.fixture(autouse=True)
def graph_dir(settings, tmp_path):
    settings.RAPPORT_GRAPH_DIR = tmp_path / "graph"
    settings.RAPPORT_GRAPH_REFRESH_SECONDS = 0.0
    graph.reset()
    yield settings.RAPPORT_GRAPH_DIR
    graph.reset()


@pytest.fixture(autouse=True)
def _media(media_root):
    return media_root


@pytest.fixture
def dana(db):
    from rapport.accounts.tests.factories import make_member

    return make_member("dana", "Dana Scully")


@pytest.fixture
def eve(db):
    from rapport.accounts.tests.factories import make_member

    return make_member("eve", "Eve Moneypenny")
