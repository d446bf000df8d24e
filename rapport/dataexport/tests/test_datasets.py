"""What a copy of one's data holds: every model that refers to a member is covered, each
dataset carries the member's own rows, and nothing others keep private gets in."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import timezone

from rapport.accounts.tests.factories import make_member
from rapport.companies.services import company_follow_set, company_get_or_create, position_add
from rapport.conversations.services import message_send
from rapport.conversations.tests.factories import connect
from rapport.dataexport.datasets import COVERAGE, DATASETS, LEFT_OUT
from rapport.dataexport.services import export_zip
from rapport.invitations.services import invitation_decline, invitation_send
from rapport.limits.models import ComplaintReason
from rapport.limits.services import complaint_file
from rapport.members.services import education_add
from rapport.network.services import block_create
from rapport.notifications.tests.factories import sent
from rapport.posts.services import comment_add, post_publish, reaction_set
from rapport.trust.models import TrustScore
from rapport.trust.services.scores import trust_recompute

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _refers_to_members(model) -> bool:
    user = apps.get_model(settings.AUTH_USER_MODEL)
    return model is user or any(
        field.concrete and getattr(field, "related_model", None) is user
        for field in model._meta.get_fields()
    )


def test_every_model_that_refers_to_a_member_is_exported_or_left_out_with_a_reason():
    names = {d.name for d in DATASETS}
    models = {
        m._meta.label
        for m in apps.get_models()
        if m.__module__.startswith("rapport.") and _refers_to_members(m)
    }
    missing = sorted(models - set(COVERAGE))
    assert not missing, f"add these to dataexport.datasets.COVERAGE: {missing}"
    assert not set(COVERAGE) - models, "COVERAGE names models that are gone"
    for label, where in COVERAGE.items():
        assert where in names or (where.startswith(LEFT_OUT) and len(where) > 20), label


def _read(content: bytes) -> dict[str, list[dict]]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        files = set(archive.namelist())
        assert "README.txt" in files
        out = {}
        for dataset in DATASETS:
            rows = json.loads(archive.read(f"{dataset.name}.json"))
            table = list(csv.DictReader(io.StringIO(archive.read(f"{dataset.name}.csv").decode())))
            assert len(table) == len(rows), dataset.name
            out[dataset.name] = rows
        readme = archive.read("README.txt").decode()
        assert all(f"{d.name}.json" in readme and d.about[:30] in readme for d in DATASETS)
    return out


def test_a_copy_holds_the_member_s_own_rows_and_nothing_others_keep_private(ada, ben, chidi):
    dee = make_member("dee")
    connect(ada, ben)
    position_add(
        member=ada,
        company_name="Engines Ltd",
        title="Analyst",
        started_on=dt.date(2020, 1, 1),
        is_current=True,
    )
    education_add(member=ada, school_name="Lagos Business School", degree="MBA", start_year=2015)
    company_follow_set(member=ada, company=company_get_or_create(name="Atlas"), following=True)
    message_send(sender=ada, recipient=ben, text="Lunch on Thursday?")
    message_send(sender=ben, recipient=ada, text="Yes, 12:30 works.")
    post = post_publish(author=ada, body="What I learned this year", audience="members")
    comment_add(member=ben, post_id=post.pk, body="Good one")
    comment_add(member=ada, post_id=post.pk, body="Thanks!")
    reaction_set(member=ada, post_id=post.pk, kind="celebrate")
    invited = invitation_send(sender=ada, recipient=chidi, note="We met at the Lagos meetup.")
    invitation_decline(member=chidi, invitation_id=invited.pk)
    invitation_send(sender=dee, recipient=ada, note="Hello from the design guild")
    block_create(member=ada, other=make_member("spammer"))
    block_create(member=make_member("blocker"), other=ada)  # someone who blocked ada
    complaint_file(
        member=ada, reporter=dee, source="post", reference=post.pk, reason=ComplaintReason.SPAM
    )
    sent(recipient=ada, kind="system.welcome")
    trust_recompute(member=ada)
    trust_recompute(member=ben)  # ben's view of ada: his, not hers
    held = TrustScore.objects.get(member=ada, other=ben).score

    data = _read(export_zip(ada, now=NOW))

    assert data["profile"][0]["handle"] == "ada" and data["profile"][0]["headline"]
    assert [r["company"] for r in data["positions"]] == ["Engines Ltd"]
    assert [r["school"] for r in data["education"]] == ["Lagos Business School"]
    assert [r["company"] for r in data["companies"]] == ["Atlas"]
    assert [r["handle"] for r in data["connections"]] == ["ben"]
    assert [r["text"] for r in data["messages"]] == ["Lunch on Thursday?", "Yes, 12:30 works."]
    assert [r["body"] for r in data["posts"]] == ["What I learned this year"]
    assert [r["body"] for r in data["comments"]] == ["Thanks!"]  # not ben's
    assert [r["kind"] for r in data["reactions"]] == ["celebrate"]
    # chidi said "I don't know them": ada reads only "not accepted", as on her pages.
    [told] = data["invitations_sent"]
    assert told["state"] == "not_accepted" and told["answered_at"] is None
    assert [r["sender"] for r in data["invitations_received"]] == ["dee"]
    # Whom ada blocked, never who blocked her.
    assert [r["handle"] for r in data["blocked"]] == ["spammer"]
    assert "blocker" not in json.dumps(data)
    # A report about her, never who made it.
    [report] = [r for r in data["standing"] if r["record"] == "report_about_you"]
    assert report["reason"] == "spam" and "dee" not in json.dumps(report)
    # The trust she holds, not the trust others hold for her.
    assert [(r["connection"], r["score"]) for r in data["trust_given"]] == [("ben", held)]
    assert TrustScore.objects.filter(member=ben, other=ada).exists()
    assert [r["kind"] for r in data["notifications"]] == ["system.welcome"]


def test_someone_else_s_copy_has_none_of_ada_s_private_rows(ada, ben):
    connect(ada, ben)
    message_send(sender=ada, recipient=ben, text="Just between us")
    post_publish(author=ada, body="Connections only", audience="connections")
    data = _read(export_zip(make_member("eve"), now=NOW))
    dumped = json.dumps(data)
    assert "Just between us" not in dumped and "Connections only" not in dumped
    assert data["connections"] == [] and data["messages"] == []


def test_what_the_member_cannot_see_on_their_pages_stays_out_of_their_copy(ada, ben, chidi):
    from rapport.conversations.services import conversation_delete_for_me
    from rapport.posts.services import article_save
    from rapport.trust.services import introduction_decline
    from rapport.trust.tests.factories import ask, chain

    # An introduction ada asked for through ben, which ben declined: chidi (the target)
    # was never asked, so his copy does not know of it.
    chain(ada, ben, chidi)
    intro = ask(ada, chidi, [ada, ben, chidi])
    introduction_decline(member=ben, introduction_id=intro.pk)
    # A draft that mentions chidi: not published, so not his to read.
    article_save(author=ben, title="Notes", body="Ask @chidi about this")
    # A conversation chidi deleted for himself, and one he keeps.
    gone = message_send(sender=ben, recipient=chidi, text="An old thread")
    conversation_delete_for_me(member=chidi, conversation_id=gone.conversation_id)
    message_send(sender=chidi, recipient=ben, text="A new thread")

    data = _read(export_zip(chidi, now=timezone.now()))
    assert data["introductions"] == []
    assert data["mentions"] == []
    assert [m["text"] for m in data["messages"]] == ["A new thread"]
    # His own message never says whether ben's guard held it.
    assert data["messages"][0]["held_by_the_guard"] is None
    # ada asked, and ben was asked: both have it.
    assert [r["your_part"] for r in _read(export_zip(ada, now=NOW))["introductions"]] == ["asked"]
    ben_rows = _read(export_zip(ben, now=NOW))["introductions"]
    assert {r["record"] for r in ben_rows} == {"introduction", "step"}


def test_settings_carry_defaults_and_csv_cells_cannot_run_as_formulas(ada, ben):
    connect(ada, ben)
    message_send(sender=ben, recipient=ada, text='=HYPERLINK("http://evil.example")')
    content = export_zip(ada, now=NOW)
    data = _read(content)
    settings_rows = {(r["area"], r["setting"]) for r in data["settings"]}
    assert ("messages", "who_may_message") in settings_rows  # a default, never changed
    assert ("notifications", "digest") in settings_rows
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        table = list(csv.DictReader(io.StringIO(archive.read("messages.csv").decode())))
    assert table[0]["text"] == '\'=HYPERLINK("http://evil.example")'
    assert data["messages"][0]["text"].startswith("=")  # the JSON keeps it as written


def test_reference_lookups_show_on_both_sides_as_the_references_pages_do(ada, ben):
    from rapport.references.models import ReferenceLookup

    ReferenceLookup.objects.create(candidate=ben, requester=ada, first_at=NOW, last_at=NOW)
    [made] = _read(export_zip(ada, now=NOW))["references"]
    [of_him] = _read(export_zip(ben, now=NOW))["references"]
    assert (made["record"], made["candidate"]) == ("lookup_you_made", "ben")
    assert (of_him["record"], of_him["requester"]) == ("lookup_of_you", "ada")


def test_imported_contacts_their_imports_and_merges_are_in_the_copy_and_only_the_owner_s(ada, ben):
    from rapport.contacts.tests.factories import imported, linkedin

    imported(
        ada,
        linkedin(
            [
                ("Kemi", "Okoro", "kemi@baobab.example", "Baobab"),
                ("Kemi", "O", "KEMI@baobab.example", "Baobab"),  # merged by e-mail
                ("Lior", "Ben-David", "lior@cedar.example", "Cedar"),
            ]
        ),
        name="Connections.csv",
    )
    imported(ben, linkedin([("Secret", "Person", "secret@x.example", "Hidden")]))
    data = _read(export_zip(ada, now=NOW))
    by_record: dict[str, list[dict]] = {}
    for row in data["contacts"]:
        by_record.setdefault(row["record"], []).append(row)
    assert [(r["name"], r["company"]) for r in by_record["contact"]] == [
        ("Kemi Okoro", "Baobab"),
        ("Lior Ben-David", "Cedar"),
    ]
    assert [(r["file_name"], r["format"], r["state"]) for r in by_record["import"]] == [
        ("Connections.csv", "linkedin", "done")
    ]
    assert [(r["kept"], r["reason"]) for r in by_record["merge"]] == [("Kemi Okoro", "email")]
    assert "secret@x.example" not in json.dumps(data)
