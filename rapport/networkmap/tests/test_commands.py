"""`rapport network map HANDLE [--json]`."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from rapport.networkmap.tests.factories import clique, connect_all, people

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("network", *args, stdout=out)
    return out.getvalue()


def test_json_is_what_the_api_answers(ada):
    work = people("harbor", 4, employer="Harborline Software")
    clique(work)
    connect_all(ada, work)
    body = json.loads(run("map", "ada", "--json"))
    assert [c["automatic"] for c in body["clusters"]] == ["Harborline Software · 4 of 4"]
    assert len(body["nodes"]) == 4 and len(body["edges"]) == 6


def test_summary_lists_clusters(ada):
    connect_all(ada, people("solo", 2))
    out = run("map", "ADA", "--refresh")
    assert out.splitlines()[0].startswith("ada: 2 connections, 0 links among them, 1 clusters")
    assert "Not linked to the others" in out


def test_unknown_member_is_an_error(db):
    with pytest.raises(CommandError, match="No member with handle nobody"):
        run("map", "nobody")
