"""Grouping: activity about the same thing folds into one row within the window."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from rapport.accounts.tests.factories import make_member
from rapport.notifications import selectors, services
from rapport.notifications.models import Notification, NotificationActor
from rapport.notifications.services import actors_phrase

pytestmark = pytest.mark.django_db

# Joining a group: the mute and the member's choice (one query), the locked group, the
# actor's row in a savepoint (3 with SAVEPOINT/RELEASE), the update; the same for the
# 3rd and the 14th.
JOIN_QUERIES = 8
# The list page, whatever it holds: session, member, the header's other counts, the
# page's ids, its rows with their actors, and three counts (unread, unseen, filtered).
LIST_PAGE_QUERIES = 10


@pytest.fixture
def crowd(db):
    return [make_member(f"m{i}", f"Member {i:02d}") for i in range(14)]


def _react(recipient, actor, target, now=None):
    return services.notification_send(
        recipient=recipient,
        kind="posts.reacted",
        actor=actor,
        target=target,
        url="/posts/1/",
        now=now,
    )


def test_the_phrase():
    assert actors_phrase("Ada", None, 1) == "Ada"
    assert actors_phrase("Ada", "Ben", 2) == "Ada and Ben"
    assert actors_phrase("Ada", "Ben", 3) == "Ada, Ben and 1 other"
    assert actors_phrase("Ada", "Ben", 14) == "Ada, Ben and 12 others"


def test_reactions_to_one_post_become_one_row_with_everyone(ada, chidi, crowd):
    for member in crowd:
        _react(ada, member, chidi)
    rows = list(selectors.notifications_for(recipient=ada))
    assert len(rows) == 1
    row = rows[0]
    assert row.actor_count == 14
    assert row.text == "Member 13, Member 12 and 12 others reacted to your post"
    assert [a.actor.handle for a in selectors.group_actors(notification=row)] == [
        f"m{i}" for i in reversed(range(14))
    ]


def test_another_post_is_another_group(ada, ben, chidi, crowd):
    _react(ada, crowd[0], chidi)
    _react(ada, crowd[1], ben)
    assert Notification.objects.filter(recipient=ada).count() == 2


def test_the_same_person_again_is_not_new_activity(ada, ben, chidi):
    first = _react(ada, ben, chidi)
    services.notifications_mark_read(recipient=ada, ids=[first.pk])
    again = _react(ada, ben, chidi)
    again.refresh_from_db()
    assert again.pk == first.pk and again.actor_count == 1 and again.is_read


def test_new_activity_brings_the_group_back_up_unseen_and_unread(ada, ben, chidi, crowd):
    group = _react(ada, ben, chidi)
    services.notification_send(recipient=ada, kind="members.job_changed", actor=crowd[0])
    services.notifications_mark_read(recipient=ada)
    later = timezone.now() + dt.timedelta(hours=1)
    _react(ada, crowd[1], chidi, now=later)
    group.refresh_from_db()
    assert not group.is_read and not group.is_seen and group.actor_count == 2
    assert group.updated_at == later
    assert selectors.notifications_for(recipient=ada)[0].pk == group.pk
    assert selectors.unseen_count(recipient=ada) == 1


def test_after_the_window_a_new_group_starts(limit, ada, chidi, crowd, settings):
    limit("notifications.group_hours", 24)
    start = timezone.now()
    first = _react(ada, crowd[0], chidi, now=start)
    _react(ada, crowd[1], chidi, now=start + dt.timedelta(hours=23))  # joins: 23 h after
    # The window slides with the latest activity, so 40 h after the start still joins.
    _react(ada, crowd[2], chidi, now=start + dt.timedelta(hours=40))
    later = _react(ada, crowd[3], chidi, now=start + dt.timedelta(hours=65))  # 25 h quiet
    first.refresh_from_db()
    assert first.actor_count == 3 and not first.group_open
    assert later.pk != first.pk and later.actor_count == 1 and later.group_open
    # Someone from the old group acting again counts in the new one.
    _react(ada, crowd[0], chidi, now=start + dt.timedelta(hours=66))
    later.refresh_from_db()
    assert later.actor_count == 2


def test_invitations_accepted_group_without_a_target(ada, crowd):
    for member in crowd[:7]:
        services.notification_send(recipient=ada, kind="invitations.accepted", actor=member)
    (row,) = selectors.notifications_for(recipient=ada)
    assert row.text == "Member 06, Member 05 and 5 others accepted your invitation."


def test_kinds_that_need_an_answer_never_group(ada, crowd):
    for member in crowd[:3]:
        services.notification_send(recipient=ada, kind="invitations.received", actor=member)
    assert selectors.notifications_for(recipient=ada).count() == 3


def test_writing_costs_the_same_queries_for_the_second_and_the_hundredth(
    ada, chidi, crowd, django_assert_num_queries
):
    _react(ada, crowd[0], chidi)
    _react(ada, crowd[1], chidi)
    # Count once for the third, then pin it for the fourteenth: a fixed number.
    with django_assert_num_queries(JOIN_QUERIES):
        _react(ada, crowd[2], chidi)
    for member in crowd[3:13]:
        _react(ada, member, chidi)
    with django_assert_num_queries(JOIN_QUERIES):
        _react(ada, crowd[13], chidi)


def test_reading_the_list_costs_the_same_for_one_row_or_many(
    client, ada, ben, chidi, crowd, django_assert_num_queries
):
    _react(ada, crowd[0], chidi)
    client.force_login(ada)
    client.get(reverse("notifications:list"))
    with django_assert_num_queries(LIST_PAGE_QUERIES):
        client.get(reverse("notifications:list"))
    for i, member in enumerate(crowd):
        services.notification_send(
            recipient=ada,
            kind="invitations.received" if i % 2 else "members.job_changed",
            actor=member,
        )
    client.get(reverse("notifications:list"))  # marks them seen (one more update)
    with django_assert_num_queries(LIST_PAGE_QUERIES):
        client.get(reverse("notifications:list"))


def test_opening_a_group_shows_everyone_and_reads_it(client, ada, ben, chidi, crowd):
    for member in crowd[:3]:
        group = _react(ada, member, chidi)
    client.force_login(ada)
    listing = client.get(reverse("notifications:list")).content.decode()
    assert "See all 3" in listing
    page = client.get(reverse("notifications:people", args=[group.pk])).content.decode()
    for member in crowd[:3]:
        assert member.display_name in page
    group.refresh_from_db()
    assert group.is_read
    # Not someone else's.
    client.force_login(ben)
    assert client.get(reverse("notifications:people", args=[group.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="needs PostgreSQL's concurrency")
def test_many_people_reacting_at_once_make_one_group_with_all_of_them(ada, chidi):
    actors = [make_member(f"c{i}", f"Concurrent {i}") for i in range(12)]
    barrier = threading.Barrier(len(actors))
    errors = []

    def react(actor):
        try:
            barrier.wait()
            _react(ada, actor, chidi)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=react, args=(a,)) for a in actors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    (row,) = Notification.objects.filter(recipient=ada)
    assert row.actor_count == 12
    assert NotificationActor.objects.filter(notification=row).count() == 12


def test_seven_accepted_invitations_are_one_row_through_the_real_path(
    ada, crowd, django_capture_on_commit_callbacks
):
    from rapport.invitations.services import invitation_accept
    from rapport.invitations.tests.api_helpers import invite

    for member in crowd[:7]:
        invitation = invite(ada, member)
        with django_capture_on_commit_callbacks(execute=True):
            invitation_accept(member=member, invitation_id=invitation.pk)
    rows = list(selectors.notifications_for(recipient=ada).filter(kind="invitations.accepted"))
    assert len(rows) == 1
    assert rows[0].actor_count == 7
    assert rows[0].text == "Member 06, Member 05 and 5 others accepted your invitation."


def test_a_group_e_mailed_at_once_is_e_mailed_again_as_it_grows(
    ada, chidi, crowd, mailoutbox, django_capture_on_commit_callbacks
):
    services.kind_choice_set(member=ada, kind="posts.commented", site=True, email="instant")
    for member in crowd[:3]:
        with django_capture_on_commit_callbacks(execute=True):
            services.notification_send(
                recipient=ada, kind="posts.commented", actor=member, target=chidi, url="/p/1/"
            )
    assert [m.subject for m in mailoutbox][-1].startswith("Member 02, Member 01 and 1 other")
    assert len(mailoutbox) == 3
    # The same person again is not news, and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        services.notification_send(
            recipient=ada, kind="posts.commented", actor=crowd[0], target=chidi, url="/p/1/"
        )
    assert len(mailoutbox) == 3


def test_a_choice_changed_applies_to_the_group_when_it_grows(ada, chidi, crowd):
    first = _react(ada, crowd[0], chidi)
    assert first.email == "digest"
    services.kind_choice_set(member=ada, kind="posts.reacted", site=True, email="off")
    _react(ada, crowd[1], chidi)
    first.refresh_from_db()
    assert first.email == "off" and first.actor_count == 2
