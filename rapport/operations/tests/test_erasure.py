"""Deleting an account: asked for with a password, cancelled by logging in during the
grace period, then erased so that nothing of the member can be found — while what others
replied to stays, written by a former member."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from rapport.accounts.models import AccessToken, AuditEntry, User
from rapport.accounts.services import account_deletion_request, token_create
from rapport.accounts.tests.factories import PASSWORD, make_member
from rapport.companies.services import position_add
from rapport.conversations.models import Conversation, Message
from rapport.conversations.services import message_send
from rapport.conversations.tests.factories import connect
from rapport.invitations.services import invitation_send
from rapport.members.models import SearchEntry
from rapport.members.selectors import SearchFilters, member_search
from rapport.network import graph
from rapport.operations.erasure import ERASED, FORMER_MEMBER, erasures_due, member_erase
from rapport.posts.models import Comment, Post
from rapport.posts.services import comment_add, post_publish, reaction_set

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def _refers_to_members(model) -> bool:
    user = apps.get_model(settings.AUTH_USER_MODEL)
    return model is user or any(
        field.concrete and getattr(field, "related_model", None) is user
        for field in model._meta.get_fields()
    )


def test_every_model_that_refers_to_a_member_says_what_erasure_does():
    models = {
        m._meta.label
        for m in apps.get_models()
        if m.__module__.startswith("rapport.") and _refers_to_members(m)
    }
    missing = sorted(models - set(ERASED))
    assert not missing, f"add these to operations.erasure.ERASED: {missing}"
    assert not set(ERASED) - models, "ERASED names models that are gone"


@pytest.fixture
def ada_everywhere(ada, ben, chidi, django_capture_on_commit_callbacks):
    """Ada with a profile, a job, connections, posts with and without replies,
    conversations with and without answers, invitations and a token."""
    position_add(
        member=ada,
        company_name="Engines Ltd",
        title="Analyst",
        started_on=dt.date(2020, 1, 1),
        is_current=True,
    )
    connect(ada, ben)
    connect(ada, chidi)
    token_create(member=ada, name="script")
    alone = post_publish(author=ada, body="Nobody answered this one")
    answered = post_publish(author=ada, body="Ben answered this one", audience="public")
    comment_add(member=ben, post_id=answered.pk, body="Good point, Ada")
    on_ben = post_publish(author=ben, body="Ben's own post")
    lone_comment = comment_add(member=ada, post_id=on_ben.pk, body="A comment nobody answered")
    replied = comment_add(member=ada, post_id=on_ben.pk, body="A comment Ben answered")
    comment_add(member=ben, post_id=on_ben.pk, body="Thanks Ada", parent_id=replied.pk)
    reaction_set(member=ada, post_id=on_ben.pk, kind="like")
    message_send(sender=ada, recipient=ben, text="Coffee on Tuesday?")
    message_send(sender=ben, recipient=ada, text="Yes, at ten.")
    message_send(sender=ada, recipient=chidi, text="Did you get my notes?")  # unanswered
    dee = make_member("dee", "Dee Stranger")
    invitation_send(sender=ada, recipient=dee, note="We met at the summit.")
    return {
        "alone": alone,
        "answered": answered,
        "lone_comment": lone_comment,
        "replied": replied,
    }


def test_erasure_leaves_no_trace_and_keeps_what_others_replied_to(
    ada, ben, chidi, ada_everywhere, django_capture_on_commit_callbacks
):
    pk = ada.pk
    graph.index()  # the index knows ada's two connections
    assert graph.index().degree(pk) == 2
    with django_capture_on_commit_callbacks(execute=True):
        member_erase(member=ada)
    ada.refresh_from_db()
    assert (ada.display_name, ada.is_active) == (FORMER_MEMBER, False)
    assert "ada" not in ada.email and ada.handle == f"former-{pk}"
    assert not ada.has_usable_password()
    # Nothing of hers is found by name, handle, page or API.
    assert not member_search(SearchFilters(q="Lovelace"), viewer=ben).exists()
    assert not member_search(SearchFilters(q="Analyst"), viewer=ben).exists()
    assert not SearchEntry.objects.filter(member_id=pk).exists()
    visitor = Client()
    visitor.force_login(ben)
    assert visitor.get("/in/ada/").status_code == 404
    assert visitor.get(f"/in/former-{pk}/").status_code == 404
    assert visitor.get("/api/v1/members/ada").status_code == 404
    assert visitor.get(f"/api/v1/members/former-{pk}").status_code == 404
    # The graph index forgot her connections.
    assert graph.index().degree(pk) == 0
    assert graph.index().degree(ben.pk) == 0
    # What nobody answered is gone; what others replied to stays, as a former member's.
    assert not Post.objects.filter(pk=ada_everywhere["alone"].pk).exists()
    assert Post.objects.get(pk=ada_everywhere["answered"].pk).author_id == pk
    assert not Comment.objects.filter(pk=ada_everywhere["lone_comment"].pk).exists()
    assert Comment.objects.filter(pk=ada_everywhere["replied"].pk).exists()
    assert Message.objects.filter(sender_id=pk).count() == 1  # the answered one
    assert Conversation.objects.filter(messages__recipient=chidi).count() == 0
    page = visitor.get(f"/posts/{ada_everywhere['answered'].pk}/").content.decode()
    assert FORMER_MEMBER in page and "Lovelace" not in page
    # No other row refers to her except the content others replied to.
    allowed = {
        "posts.Post",
        "posts.Comment",
        "conversations.Message",
        "conversations.Conversation",
        "accounts.User",
    }
    for model in apps.get_models():
        label = model._meta.label
        if not model.__module__.startswith("rapport.") or label in allowed:
            continue
        for field in model._meta.get_fields():
            if field.concrete and getattr(field, "related_model", None) is User:
                column = f"{field.name}_id"  # a foreign key's column
                assert not model._default_manager.filter(**{column: pk}).exists(), (
                    f"{label}.{field.name} still refers to the erased member"
                )
    assert not AccessToken.objects.filter(member_id=pk).exists()
    assert AuditEntry.objects.filter(action="account.erase", target=f"member {pk}").exists()


def test_a_former_connection_s_data_export_no_longer_names_her(
    ada, ben, ada_everywhere, django_capture_on_commit_callbacks
):
    from rapport.dataexport.collectors.you import connections

    member_erase(member=ada)
    rows = connections(ben)
    assert all("ada" not in str(row).lower() for row in rows)


def test_deletion_waits_for_the_grace_period_and_logging_in_cancels_it(
    ada, django_capture_on_commit_callbacks
):
    client = Client()
    client.force_login(ada)
    refused = client.post("/accounts/delete/", {"password": "wrong", "confirm": "delete"})
    assert refused.status_code == 400
    refused = client.post("/accounts/delete/", {"password": PASSWORD, "confirm": "yes"})
    assert refused.status_code == 400
    ada.refresh_from_db()
    assert ada.deletion_due_at is None
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/accounts/delete/", {"password": PASSWORD, "confirm": "delete"})
    assert done.status_code == 200 and b"will be erased on" in done.content
    ada.refresh_from_db()
    assert ada.deletion_due_at is not None
    assert "will be erased on" in mail.outbox[-1].body
    assert client.get("/accounts/settings/").status_code == 302  # logged out
    # Not due yet: nothing happens; logging in cancels it.
    assert erasures_due(now=timezone.now() + 13 * DAY) == 0
    response = Client().post(
        "/accounts/login/", {"username": ada.email, "password": PASSWORD}, follow=True
    )
    assert b"will not be deleted" in response.content
    ada.refresh_from_db()
    assert ada.deletion_due_at is None
    assert erasures_due(now=timezone.now() + 30 * DAY) == 0
    ada.refresh_from_db()
    assert ada.erased_at is None and ada.is_active


def test_the_job_erases_when_the_grace_period_is_over(ada):
    token = token_create(member=ada, name="script")
    account_deletion_request(member=ada, password=PASSWORD, confirm="delete")
    token.token.refresh_from_db()
    assert token.token.revoked_at is not None  # nothing acts for her while she waits
    assert erasures_due(now=timezone.now() + 15 * DAY) == 1
    ada.refresh_from_db()
    assert ada.erased_at is not None
    assert erasures_due(now=timezone.now() + 16 * DAY) == 0
    entry = AuditEntry.objects.get(action="account.erase")
    assert entry.actor is None and entry.reason == "grace period over"


def test_an_operator_erases_at_once_with_a_reason(ada, ben):
    User.objects.filter(pk=ben.pk).update(is_operator=True)
    ben.refresh_from_db()
    console = Client()
    console.force_login(ben)
    console.post("/operators/erase/", {"handle": "ada", "confirm": "ada", "reason": ""})
    ada.refresh_from_db()
    assert ada.erased_at is None  # no reason, no erasure
    console.post(
        "/operators/erase/", {"handle": "ada", "confirm": "adx", "reason": "Court order 12"}
    )
    ada.refresh_from_db()
    assert ada.erased_at is None  # the confirmation did not match
    console.post(
        "/operators/erase/", {"handle": "ada", "confirm": "ada", "reason": "Court order 12/2026"}
    )
    ada.refresh_from_db()
    assert ada.erased_at is not None
    entry = AuditEntry.objects.get(action="account.erase")
    assert entry.actor == ben and entry.reason == "Court order 12/2026"
    member = Client()
    member.force_login(make_member("eve", "Eve Member"))
    assert member.post("/operators/erase/", {"handle": "ben", "confirm": "ben"}).status_code == 403


def test_others_posts_that_mention_her_lose_her_name_and_link(ada, ben):
    connect(ada, ben)
    post = post_publish(author=ben, body="Thanks @ada for the slides", audience="public")
    assert "Lovelace" in Post.objects.get(pk=post.pk).body_html
    member_erase(member=ada)
    html = Post.objects.get(pk=post.pk).body_html
    assert "Lovelace" not in html and "/in/ada/" not in html
    assert "@ada" in html  # the words stay, as written


def test_the_erased_prefix_is_reserved_and_a_failure_does_not_stop_the_job(ada, ben, monkeypatch):
    from rapport.accounts.services import AccountError, handle_validate
    from rapport.operations import erasure

    with pytest.raises(AccountError):
        handle_validate("former-12")
    for member in (ada, ben):
        account_deletion_request(member=member, password=PASSWORD, confirm="delete")
    real = erasure.member_erase

    def failing_for_ada(*, member, **kwargs):
        if member.pk == ada.pk:
            raise RuntimeError("disk full")
        return real(member=member, **kwargs)

    monkeypatch.setattr(erasure, "member_erase", failing_for_ada)
    assert erasures_due(now=timezone.now() + 15 * DAY) == 1
    ben.refresh_from_db()
    assert ben.erased_at is not None
    monkeypatch.setattr(erasure, "member_erase", real)
    assert erasures_due(now=timezone.now() + 15 * DAY) == 1  # ada, at the next run
    assert erasures_due(now=timezone.now() + 16 * DAY) == 0


def test_the_audit_log_forgets_her_handle_only(ada, db):
    from rapport.accounts.services import audit_record

    adam = make_member("adam", "Adam Other")
    audit_record(actor=None, action="operator.grant", target=f"member {ada.pk} @ada")
    audit_record(actor=None, action="operator.grant", target=f"member {adam.pk} @adam")
    member_erase(member=ada)
    targets = set(
        AuditEntry.objects.filter(action="operator.grant").values_list("target", flat=True)
    )
    assert targets == {f"member {ada.pk}", f"member {adam.pk} @adam"}


def test_asking_for_deletion_signs_out_every_session(ada):
    elsewhere = Client()
    elsewhere.force_login(ada)
    assert elsewhere.get("/accounts/settings/").status_code == 200
    here = Client()
    here.force_login(ada)
    here.post("/accounts/delete/", {"password": PASSWORD, "confirm": "delete"})
    assert elsewhere.get("/accounts/settings/").status_code == 302  # signed out too


def test_an_introduction_passing_through_a_member_ends_with_them(ada, ben, chidi):
    from rapport.trust.models import Introduction
    from rapport.trust.tests.factories import ask, chain

    chain(ada, ben, chidi)
    ask(ada, chidi, [ada, ben, chidi])  # ben is asked to pass it on
    assert Introduction.objects.count() == 1
    member_erase(member=ben)
    assert Introduction.objects.count() == 0  # ada's open slot is free again


def test_her_views_stay_counted_in_others_statistics_but_no_longer_as_hers(ada, ben):
    from rapport.posts.models import PostView, PostViewer
    from rapport.posts.stats.recording import views_record

    post = post_publish(author=ben, body="A post ada read", audience="public")
    views_record(
        viewer_key=f"m{ada.pk}",
        member_id=ada.pk,
        post_ids=[post.pk],
        source="feed",
        request_key="r1",
        at=timezone.now(),
    )
    assert PostViewer.objects.filter(post=post, viewer_key=f"m{ada.pk}").exists()
    member_erase(member=ada)
    assert PostView.objects.filter(post=post).count() == 1  # still counted
    viewer = PostViewer.objects.get(post=post)
    assert viewer.viewer_key == f"e{ada.pk}"
    assert (viewer.company, viewer.title, viewer.place) == ("", "", "")
