"""Writing posts and articles, and what the services refuse."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from PIL import Image

from rapport.accounts.models import AuditEntry
from rapport.core.errors import PermissionDenied, RapportError, ValidationFailed
from rapport.limits.models import Complaint
from rapport.posts import services
from rapport.posts.models import (
    POST_MAX_CHARS,
    Audience,
    Comment,
    LinkPreview,
    Post,
    PostShare,
    Reaction,
    State,
)
from rapport.posts.tests.factories import connect


def test_a_post_is_published_at_once_with_its_html(ada):
    post = services.post_publish(author=ada, body="  Hello\nworld  ")
    assert post.state == State.PUBLISHED and post.published_at is not None
    assert post.body == "Hello\nworld"
    assert "Hello<br>" in post.body_html


@pytest.mark.parametrize("body", ["", "   ", "x" * (POST_MAX_CHARS + 1)])
def test_an_empty_or_too_long_post_is_refused_and_nothing_is_stored(ada, body):
    with pytest.raises(ValidationFailed) as caught:
        services.post_publish(author=ada, body=body)
    assert caught.value.code in {"post.empty", "post.too_long"}
    assert not Post.objects.exists()


def test_an_unknown_audience_is_refused(ada):
    with pytest.raises(ValidationFailed) as caught:
        services.post_publish(author=ada, body="hi", audience="friends")
    assert caught.value.code == "post.audience"


def test_a_post_with_a_link_waits_for_its_preview(
    ada, settings, django_capture_on_commit_callbacks
):
    settings.RAPPORT = {**settings.RAPPORT, "LINK_PREVIEW_SECONDS": 1}
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_publish(author=ada, body="read https://nonexistent.invalid/page")
    preview = LinkPreview.objects.get(url="https://nonexistent.invalid/page")
    assert post.link_id == preview.pk
    # The job ran at once in tests and could not resolve the host: a plain link for good.
    assert preview.state == "failed"


def test_editing_a_post_marks_it_edited(ada):
    post = services.post_publish(author=ada, body="first")
    edited = services.post_edit(author=ada, post_id=post.pk, body="second")
    assert edited.edited_at is not None and "second" in edited.body_html


def test_nobody_edits_or_deletes_someone_elses_post(ada, ben):
    post = services.post_publish(author=ada, body="mine")
    with pytest.raises(RapportError) as caught:
        services.post_edit(author=ben, post_id=post.pk, body="yours now")
    assert caught.value.code == "post.not_found"
    with pytest.raises(RapportError):
        services.post_delete(author=ben, post_id=post.pk)
    post.refresh_from_db()
    assert post.body == "mine" and post.state == State.PUBLISHED


def test_deleting_a_post_removes_its_words_reactions_and_comments(ada, ben):
    post = services.post_publish(author=ada, body="going soon")
    services.reaction_set(member=ben, post_id=post.pk)
    services.comment_add(member=ben, post_id=post.pk, body="ok")
    services.post_delete(author=ada, post_id=post.pk)
    post.refresh_from_db()
    assert post.state == State.DELETED and post.body == "" and post.body_html == ""
    assert not Reaction.objects.exists() and not Comment.objects.exists()
    with pytest.raises(RapportError) as caught:
        services.post_delete(author=ada, post_id=post.pk)
    assert caught.value.code == "post.not_found"  # already gone


def test_an_article_starts_as_a_draft_and_is_marked_edited_after_publication(ada):
    draft = services.article_save(author=ada, title=" My   title ", body="# Heading\n\ntext")
    assert draft.state == State.DRAFT and draft.title == "My title"
    assert "<h2>Heading</h2>" in draft.body_html
    published = services.article_publish(author=ada, article_id=draft.pk)
    assert published.state == State.PUBLISHED and published.edited_at is None
    again = services.article_save(author=ada, article_id=draft.pk, title="My title", body="new")
    assert again.edited_at is not None


def test_an_article_needs_a_title(ada):
    with pytest.raises(ValidationFailed) as caught:
        services.article_save(author=ada, title="  ", body="text")
    assert caught.value.code == "article.title"


def _picture(fmt: str = "PNG", size: tuple[int, int] = (40, 20)) -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", size, "teal").save(out, fmt)
    out.seek(0)
    out.name = f"cover.{fmt.lower()}"
    return out


def test_a_cover_is_re_encoded_and_stored(ada):
    post = services.article_save(author=ada, title="T", body="b", cover=_picture())
    assert post.cover.name.endswith(".png")
    with post.cover.open("rb") as f:
        assert Image.open(f).size == (40, 20)


def test_a_file_that_is_not_a_picture_is_refused_as_cover(ada):
    bad = io.BytesIO(b"<svg onload=alert(1)></svg>")
    with pytest.raises(ValidationFailed) as caught:
        services.article_save(author=ada, title="T", body="b", cover=bad)
    assert caught.value.code.startswith("image.")
    assert not Post.objects.exists()


def test_a_cover_over_the_size_limit_is_refused(ada, settings):
    settings.RAPPORT = {**settings.RAPPORT, "COVER_MAX_BYTES": 10}
    big = _picture()
    big.size = 11  # type: ignore[attr-defined]
    with pytest.raises(ValidationFailed) as caught:
        services.article_save(author=ada, title="T", body="b", cover=big)
    assert caught.value.code == "image.too_big"


def test_a_repost_shares_the_original_and_tells_its_author(
    ada, ben, django_capture_on_commit_callbacks
):
    original = services.post_publish(author=ada, body="worth sharing")
    with django_capture_on_commit_callbacks(execute=True):
        repost = services.repost_create(member=ben, original_id=original.pk, body="agreed")
        again = services.repost_create(member=ben, original_id=repost.pk)
    assert repost.repost_of_id == original.pk
    assert again.repost_of_id == original.pk  # a repost of a repost shares the original
    assert ada.notifications.filter(kind="posts.reposted").count() == 2


def test_a_connections_only_post_cannot_be_reposted(ada, ben):
    connect(ada, ben)
    post = services.post_publish(author=ada, body="between us", audience=Audience.CONNECTIONS)
    with pytest.raises(PermissionDenied) as caught:
        services.repost_create(member=ben, original_id=post.pk)
    assert caught.value.code == "post.not_shareable"


def test_one_reaction_per_member_and_changing_it_replaces_it(ada, ben):
    post = services.post_publish(author=ada, body="react")
    services.reaction_set(member=ben, post_id=post.pk, kind="like")
    services.reaction_set(member=ben, post_id=post.pk, kind="insightful")
    assert list(Reaction.objects.values_list("kind", flat=True)) == ["insightful"]
    with pytest.raises(ValidationFailed):
        services.reaction_set(member=ben, post_id=post.pk, kind="angry")
    assert services.reaction_remove(member=ben, post_id=post.pk)
    assert not Reaction.objects.exists()


def test_replies_are_one_level_deep(ada, ben, chidi, django_capture_on_commit_callbacks):
    post = services.post_publish(author=ada, body="ask me")
    with django_capture_on_commit_callbacks(execute=True):
        top = services.comment_add(member=ben, post_id=post.pk, body="question")
        reply = services.comment_add(member=chidi, post_id=post.pk, body="me too", parent_id=top.pk)
        deeper = services.comment_add(
            member=ada, post_id=post.pk, body="answer", parent_id=reply.pk
        )
    assert reply.parent_id == top.pk and deeper.parent_id == top.pk
    kinds = set(ben.notifications.values_list("kind", flat=True))
    assert "posts.replied" in kinds
    commented = ada.notifications.get(kind="posts.commented")  # one row for the post…
    assert commented.actor_count == 2  # …standing for both commenters


def test_a_comment_with_replies_leaves_a_marker_when_deleted(ada, ben, chidi):
    post = services.post_publish(author=ada, body="ask me")
    top = services.comment_add(member=ben, post_id=post.pk, body="question")
    services.comment_add(member=chidi, post_id=post.pk, body="reply", parent_id=top.pk)
    with pytest.raises(PermissionDenied):
        services.comment_delete(member=chidi, comment_id=top.pk)
    services.comment_delete(member=ada, comment_id=top.pk)  # the post's author may
    top.refresh_from_db()
    assert top.deleted_at is not None and top.body == ""
    assert Comment.objects.count() == 2


def test_a_report_counts_once_in_the_authors_standing(ada, ben):
    post = services.post_publish(author=ada, body="BUY NOW")
    assert services.post_report(reporter=ben, post_id=post.pk, reason="spam")
    assert not services.post_report(reporter=ben, post_id=post.pk, reason="scam")
    complaint = Complaint.objects.get()
    assert (complaint.member_id, complaint.source, complaint.reason) == (ada.pk, "post", "spam")
    with pytest.raises(ValidationFailed):
        services.post_report(reporter=ada, post_id=post.pk, reason="spam")  # oneself
    with pytest.raises(ValidationFailed):
        services.post_report(reporter=ben, post_id=post.pk, reason="boring")


def test_a_comment_can_be_reported(ada, ben):
    post = services.post_publish(author=ada, body="hi")
    comment = services.comment_add(member=ben, post_id=post.pk, body="rude words")
    assert services.comment_report(reporter=ada, comment_id=comment.pk, reason="harassment")
    assert Complaint.objects.get().source == "comment"


def test_sending_a_post_in_a_message_counts_a_share_and_only_to_connections(ada, ben, chidi):
    connect(ada, ben)
    post = services.post_publish(author=chidi, body="useful")
    services.post_send(
        member=ada, post_id=post.pk, recipient=ben, note="for you", link="http://x/posts/1/"
    )
    assert PostShare.objects.get().via == "message"
    with pytest.raises(PermissionDenied):
        services.post_send(member=ada, post_id=post.pk, recipient=chidi, note="", link="x")


def test_a_deactivated_member_cannot_post(ada):
    ada.is_active = False
    ada.save()
    with pytest.raises(PermissionDenied):
        services.post_publish(author=ada, body="hello")


def test_a_moderator_takes_a_reported_post_down(ada, ben):
    post = services.post_publish(author=ada, body="scam")
    with pytest.raises(PermissionDenied):
        services.post_take_down(moderator=ben, post_id=post.pk)
    ben.is_operator = True
    ben.save()
    services.post_take_down(moderator=ben, post_id=post.pk, now=timezone.now() + dt.timedelta(1))
    post.refresh_from_db()
    assert post.state == State.DELETED
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action) == (ben, "post.take_down")
    assert entry.target == f"post {post.pk} by {ada.pk}"


def test_copying_a_link_again_and_again_is_one_share(ada, ben):
    post = services.post_publish(author=ada, body="useful")
    for _ in range(5):
        services.share_record(member=ben, post_id=post.pk, via="link")
    assert PostShare.objects.filter(post=post).count() == 1
    ben.delete()
    assert PostShare.objects.filter(post=post).count() == 1  # still counted
