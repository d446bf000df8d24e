"""Job changes in the feed: a connection's announced new position, or someone joining a
company the member follows, shows among the posts in time order; a quiet one never does."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from rapport.accounts.tests.factories import make_member
from rapport.companies import services as companies
from rapport.companies.models import CompanyFollow, Position
from rapport.core.errors import Conflict, NotFound, ValidationFailed
from rapport.invitations.tests.test_concurrency import run_together
from rapport.members.job_changes import position_announce
from rapport.network.services import block_create
from rapport.posts import selectors, services
from rapport.posts.selectors.feed import JobChangeCard
from rapport.posts.tests.factories import connect

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _new_job(member, *, company="Harborline Software", tell=True, hours_ago=0.0) -> Position:
    position = companies.position_add(
        member=member,
        company_name=company,
        title="Staff engineer",
        started_on=dt.date(2026, 1, 1),
        ended_on=None,
        is_current=True,
        description="",
    )
    if tell:
        position_announce(member=member, position_id=position.pk)
        Position.objects.filter(pk=position.pk).update(
            announced_at=NOW - dt.timedelta(hours=hours_ago)
        )
    return position


def _job_changes(member) -> list[JobChangeCard]:
    return [i for i in selectors.feed_page(member, now=NOW).items if isinstance(i, JobChangeCard)]


def test_a_connection_s_new_position_shows_with_congratulate(ada, ben):
    connect(ada, ben)
    told = _new_job(ben)
    _new_job(make_member("quiet"), tell=False)
    [card] = _job_changes(ada)
    assert card.position.pk == told.pk
    assert card.congratulate_url.startswith("/messages/to/ben/?text=Congratulations")
    home = Client()
    home.force_login(ada)
    page = home.get("/").content.decode()
    assert 'data-testid="job-change-card"' in page and "Harborline Software" in page
    assert 'data-testid="congratulate"' in page


def test_a_follower_sees_who_joined_the_company_without_a_message_button(ada, ben):
    company = companies.company_get_or_create(name="Harborline Software")
    CompanyFollow.objects.create(member=ada, company=company)
    _new_job(ben)
    _new_job(make_member("elsewhere"), company="Other Co")
    [card] = _job_changes(ada)
    assert card.position.member_id == ben.pk and card.congratulate_url == ""


def test_quiet_ended_blocked_inactive_and_one_s_own_never_show(ada, ben, chidi):
    # Every one of them is a connection of ada's or joins a company she follows, so only
    # the rule named in each line keeps them out.
    company = companies.company_get_or_create(name="Harborline Software")
    CompanyFollow.objects.create(member=ada, company=company)
    connect(ada, ben)
    ended = _new_job(ben)
    Position.objects.filter(pk=ended.pk).update(
        is_current=False, ended_on=dt.date(2026, 6, 1)
    )  # they left again
    blocked = make_member("blocked")
    _new_job(blocked)  # joins the company she follows…
    block_create(member=ada, other=blocked)  # …but she blocked them
    blocker = make_member("blocker")
    _new_job(blocker)
    block_create(member=blocker, other=ada)  # or they blocked her
    dee = make_member("dee")
    connect(ada, dee)
    _new_job(dee)
    dee.is_active = False
    dee.save(update_fields=["is_active"])
    quiet = make_member("quiet")
    connect(ada, quiet)
    _new_job(quiet, tell=False)  # a connection who stayed quiet
    _new_job(ada)  # her own, at the company she follows
    assert _job_changes(ada) == []
    # The same people, seen by someone with no block: the rules above were what mattered.
    eve = make_member("eve")
    CompanyFollow.objects.create(member=eve, company=company)
    assert {c.position.member.handle for c in _job_changes(eve)} == {"blocked", "blocker", "ada"}


def _post(author, text: str, hours_ago: float):
    post = services.post_publish(author=author, body=text)
    post.published_at = NOW - dt.timedelta(hours=hours_ago)
    post.save(update_fields=["published_at"])
    return post


def _order(member, **kwargs) -> list[str]:
    page = selectors.feed_page(member, now=NOW, **kwargs)
    return [
        f"job:{i.position.member.handle}" if isinstance(i, JobChangeCard) else i.post.body
        for i in page.items
    ]


def _writers(member, hours: tuple[float, ...]) -> None:
    """A post by a different connection at each of these hours ago (one author each, so
    the same-author spacing plays no part)."""
    for hour in hours:
        writer = make_member(f"w{str(hour).replace('.', '_')}")
        connect(member, writer)
        _post(writer, f"{hour:g} hours ago", hour)


def test_job_changes_take_their_place_among_posts_and_page_with_them(ada, ben):
    connect(ada, ben)
    _writers(ada, (1, 3, 5))
    told = _new_job(ben, hours_ago=1.5)  # reads as 4.5 hours ago
    first = selectors.feed_page(ada, now=NOW, size=2)
    assert _order(ada, size=2) == ["1 hours ago", "3 hours ago"]
    assert first.job_changes == []
    second = selectors.feed_page(ada, now=NOW, size=2, cursor=first.next_cursor)
    assert [i.position.pk for i in second.job_changes] == [told.pk]
    assert _order(ada, size=2, cursor=first.next_cursor) == ["job:ben", "5 hours ago"]
    assert second.next_cursor is None


def test_a_job_change_announced_between_two_pages_neither_repeats_nor_hides_one(ada, ben, chidi):
    connect(ada, ben)
    connect(ada, chidi)
    _writers(ada, (1, 2, 6, 7))
    _new_job(ben, hours_ago=1)  # reads as 4 hours ago
    first = _order(ada, size=3)
    cursor = selectors.feed_page(ada, now=NOW, size=3).next_cursor
    _new_job(chidi, hours_ago=0)  # announced meanwhile: reads as 3 hours ago
    rest = _order(ada, size=10, cursor=cursor)
    assert first == ["1 hours ago", "2 hours ago", "job:ben"]
    assert rest == ["6 hours ago", "7 hours ago"]  # ben's change is not shown twice


def test_the_feed_api_lists_the_page_s_job_changes(ada, ben):
    connect(ada, ben)
    _new_job(ben)
    client = Client()
    client.force_login(ada)
    body = client.get("/api/v1/feed").json()
    [change] = body["job_changes"]
    assert change["member"]["handle"] == "ben"
    assert change["position"]["company"]["name"] == "Harborline Software"
    assert change["congratulate_url"].startswith("/messages/to/ben/")


def test_announcing_later_is_once_and_only_for_one_s_own_current_position(ada, ben):
    mine = _new_job(ada, tell=False)
    theirs = _new_job(ben, tell=False)
    with pytest.raises(NotFound):
        position_announce(member=ada, position_id=theirs.pk)
    position_announce(member=ada, position_id=mine.pk)
    with pytest.raises(Conflict):
        position_announce(member=ada, position_id=mine.pk)
    Position.objects.filter(pk=mine.pk).update(is_current=False, ended_on=dt.date(2026, 6, 1))
    with pytest.raises(ValidationFailed):
        position_announce(member=ada, position_id=mine.pk)
    assert Position.objects.get(pk=theirs.pk).announced_at is None


def test_announce_over_the_api_and_from_the_history_page(
    ada, ben, django_capture_on_commit_callbacks
):
    connect(ada, ben)
    position = _new_job(ada, tell=False)
    client = Client()
    client.force_login(ada)
    assert 'data-testid="tell-network"' in client.get("/me/history/").content.decode()
    url = f"/api/v1/me/positions/{position.pk}/announce"
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(url)
    assert answer.status_code == 200 and answer.json()["announced_at"]
    again = client.post(url)
    assert again.status_code == 409 and again.json()["error"] == "position.already_announced"
    assert 'data-testid="tell-network"' not in client.get("/me/history/").content.decode()
    other = _new_job(ben, tell=False)
    assert client.post(f"/api/v1/me/positions/{other.pk}/announce").status_code == 404
    assert client.post(f"/me/positions/{other.pk}/tell/").status_code == 302
    assert Position.objects.get(pk=other.pk).announced_at is None
    from rapport.notifications.models import Notification

    assert list(Notification.objects.values_list("recipient__handle", "kind")) == [
        ("ben", "members.job_changed")
    ]


@pytest.mark.django_db(transaction=True)
def test_announcing_at_the_same_moment_tells_the_network_once():
    member = make_member("mover")
    position = _new_job(member, tell=False)
    results = run_together(
        [(lambda: position_announce(member=member, position_id=position.pk))] * 6
    )
    assert sum(isinstance(r, Position) for r in results) == 1, results
    assert sum(isinstance(r, Conflict) for r in results) == 5, results


def test_posts_written_about_the_same_time_come_before_a_job_change(ada, ben, chidi):
    connect(ada, ben)
    connect(ada, chidi)
    _writers(ada, (2, 5))
    _new_job(ben, hours_ago=1)  # reads as 4 hours ago
    _new_job(chidi, hours_ago=2.5)  # reads as 5.5 hours ago
    assert _order(ada) == ["2 hours ago", "job:ben", "5 hours ago", "job:chidi"]
