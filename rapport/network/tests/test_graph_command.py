"""`rapport graph`: load, query, stats, compact."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from rapport.accounts.models import User
from rapport.accounts.tests.factories import make_member
from rapport.network import graph, selectors
from rapport.network.models import Connection
from rapport.network.services import connection_create


def _run(*args: str, stdin: str | None = None) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    extra = {"stdin": StringIO(stdin)} if stdin is not None else {}
    call_command("graph", *args, stdout=out, stderr=err, **extra)
    return out.getvalue(), err.getvalue()


def _load(tmp_path: Path, text: str, *flags: str) -> tuple[dict, str]:
    path = tmp_path / "edges.csv"
    path.write_text(text)
    out, err = _run("load", str(path), "--no-progress", *flags)
    return json.loads(out), err


EDGES = """member,other
ada,ben
ben@example.com , chidi
CHIDI,ada@example.com
ada,ada
ben,ada
ada,nobody
ghost@example.com,ben
ada,ben,chidi
"""


@pytest.mark.django_db(transaction=True)
def test_load_connects_by_handle_or_email_and_skips_what_it_cannot(tmp_path):
    ada, ben, chidi = (make_member(h) for h in ("ada", "ben", "chidi"))
    summary, err = _load(tmp_path, EDGES)
    assert summary["added"] == 3
    assert summary["already_connected"] == 1  # ben,ada repeats ada,ben
    assert summary["self_pairs_skipped"] == 1
    assert summary["unknown_skipped"] == 2
    assert summary["malformed_lines"] == 1
    assert summary["members_created"] == 0
    assert "unknown member, skipped: ghost@example.com" in err
    assert "unknown member, skipped: nobody" in err
    assert Connection.objects.filter(source="import").count() == 3
    # Every index sees the loaded connections (the load rebuilt the snapshot).
    index = graph.index()
    assert index.neighbours(ada.pk) == sorted([ben.pk, chidi.pk])
    assert index.mutual_count(ada.pk, ben.pk) == 1


@pytest.mark.django_db(transaction=True)
def test_loading_the_same_file_twice_adds_nothing(tmp_path):
    for h in ("ada", "ben", "chidi"):
        make_member(h)
    _load(tmp_path, EDGES)
    summary, _ = _load(tmp_path, EDGES)
    assert summary["added"] == 0
    assert summary["already_connected"] == summary["pairs"] == 4
    assert Connection.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_load_can_create_the_members_it_does_not_know(tmp_path):
    ada = make_member("ada")
    make_member("ghost")  # the handle an email-only member would want is taken
    summary, _ = _load(
        tmp_path, "ada,newbie\nghost@elsewhere.org,newbie\nada,Bad Handle!\n", "--create-missing"
    )
    assert summary["members_created"] == 2
    assert summary["added"] == 2
    assert summary["unknown_skipped"] == 1  # not a valid handle: cannot become one
    newbie = User.objects.get(handle="newbie")
    by_email = User.objects.get(email="ghost@elsewhere.org")
    assert by_email.handle == "ghost-2"
    assert newbie.email == "newbie@imported.invalid"
    assert not newbie.has_usable_password() and not by_email.has_usable_password()
    profile = apps.get_model("members", "Profile")
    assert profile.objects.filter(member__in=[newbie, by_email]).count() == 2
    # Written in bulk, yet found by search like any member (members.search_entries).
    entry = apps.get_model("members", "SearchEntry")
    assert entry.objects.filter(member__in=[newbie, by_email]).count() == 2
    assert selectors.connected_ids(newbie.pk) == {ada.pk, by_email.pk}


def test_load_refuses_a_missing_file(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No file"):
        _run("load", str(tmp_path / "absent.csv"))


@pytest.fixture
def square(db):
    """ada–ben–chidi–dan–ada, plus eve hanging off dan."""
    people = {h: make_member(h) for h in ("ada", "ben", "chidi", "dan", "eve")}
    for a, b in [
        ("ada", "ben"),
        ("ben", "chidi"),
        ("chidi", "dan"),
        ("dan", "ada"),
        ("dan", "eve"),
    ]:
        connection_create(member=people[a], other=people[b], source="operator", notify=False)
    return people


def _ask(*questions: object) -> list[dict]:
    lines = "\n".join(q if isinstance(q, str) else json.dumps(q) for q in questions) + "\n"
    out, _ = _run("query", stdin=lines)
    return [json.loads(line) for line in out.splitlines()]


def test_query_answers_every_question_in_order(square):
    answers = _ask(
        {"op": "degree", "viewer": "ada", "targets": ["ben", "chidi", "eve", "ada"]},
        {"op": "mutual", "a": "ada", "b": "chidi"},
        {"op": "second_degree_size", "member": "ada"},
        {"op": "pymk", "member": "ben", "k": 20},
        {"op": "paths", "a": "ben", "b": "eve", "k": 3},
        {"op": "paths", "a": "ada", "b": "chidi", "k": 1},
    )
    assert answers == [
        {"degrees": [1, 2, 2, 0]},
        {"count": 2, "members": ["ben", "dan"]},
        {"size": 2},
        {"members": [{"member": "dan", "mutual": 2}]},
        {"paths": [["ben", "ada", "dan", "eve"], ["ben", "chidi", "dan", "eve"]]},
        {"paths": [["ada", "ben", "chidi"]]},
    ]


def test_query_reports_a_bad_line_and_carries_on(square):
    answers = _ask(
        "not json",
        {"op": "degree", "viewer": "ada", "targets": ["ben", "nobody"]},
        {"op": "teleport"},
        ["a", "list"],
        {"op": "pymk", "member": "ada", "k": "many"},
        {"op": "mutual", "a": "ada"},
        {"op": "degree", "viewer": "eve", "targets": ["ada", "ben"]},
    )
    assert [a.get("error") for a in answers] == [
        "query.malformed",
        "member.not_found",
        "query.unknown_op",
        "query.malformed",
        "query.malformed",
        "query.malformed",
        None,
    ]
    assert "nobody" in answers[1]["message"]
    assert answers[-1] == {"degrees": [2, 3]}


def test_query_answers_as_an_operator_whatever_the_privacy(square):
    from rapport.members.services import privacy_update

    privacy_update(member=square["ben"], connections_visibility="only_me")
    assert _ask({"op": "mutual", "a": "ada", "b": "chidi"}) == [
        {"count": 2, "members": ["ben", "dan"]}
    ]


@pytest.mark.django_db(transaction=True)
def test_stats_and_compact_report_the_index():
    ada, ben = make_member("ada"), make_member("ben")
    connection_create(member=ada, other=ben, source="operator", notify=False)
    compacted = json.loads(_run("compact")[0])
    assert compacted["connections"] == 1
    stats = json.loads(_run("stats")[0])
    assert stats["members"] == 2
    assert stats["connections"] == 1
    assert stats["degree"]["max"] == 1
    assert stats["memory_bytes"]["shared"] > 0
    assert stats["source"].endswith(compacted["snapshot"])
