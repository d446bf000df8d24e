"""Former colleagues: overlaps, gaps, the current-employer exclusion and the permission
flow (refusal, expiry, scope), the lookup record and the candidate's off switch."""

import datetime as dt

import pytest

from rapport.accounts.tests.factories import make_member
from rapport.companies.services import insights_hide_set, position_add
from rapport.conversations.tests.factories import connect
from rapport.core import limits
from rapport.core.errors import Conflict, NotFound
from rapport.references.models import ReferenceLookup
from rapport.references.selectors import former_colleagues, lookups_of
from rapport.references.services import (
    checks_set,
    lookup_record,
    permission_ask,
    permission_decide,
)

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 12, 6, 12, tzinfo=dt.UTC)


def job(member, company, start, end=None):
    position_add(
        member=member,
        company_name=company,
        title="Engineer",
        started_on=start,
        ended_on=end,
        is_current=end is None,
    )


@pytest.fixture
def candidate(db):
    cand = make_member("cand", "Casey Candidate")
    job(cand, "Harborline Software", dt.date(2019, 3, 1), dt.date(2021, 1, 1))
    job(cand, "Current Corp", dt.date(2021, 2, 1))
    return cand


def names(requester, candidate, now=NOW):
    return [
        c.member.handle
        for c in former_colleagues(requester=requester, candidate=candidate, now=now).colleagues
    ]


def test_an_overlap_is_shown_with_its_months(ada, candidate):
    dora = make_member("dora")
    job(dora, "Harborline Software", dt.date(2018, 1, 1), dt.date(2022, 5, 1))
    (found,) = former_colleagues(requester=ada, candidate=candidate, now=NOW).colleagues
    assert (found.member, found.company.name) == (dora, "Harborline Software")
    assert (found.start, found.end, found.months) == (dt.date(2019, 3, 1), dt.date(2021, 1, 1), 23)


def test_an_overlap_shorter_than_the_minimum_is_not_a_colleague(limit, ada, candidate, settings):
    limit("references.min_overlap_months", 3)
    # Dec 2020 – Jan 2021 is 2 months together; Nov 2020 – Jan 2021 is 3.
    job(make_member("brief"), "Harborline Software", dt.date(2020, 12, 1), dt.date(2021, 4, 1))
    job(make_member("enough"), "Harborline Software", dt.date(2020, 11, 1), dt.date(2021, 4, 1))
    assert names(ada, candidate) == ["enough"]


def test_being_there_at_different_times_is_no_overlap(ada, candidate):
    job(make_member("before"), "Harborline Software", dt.date(2015, 1, 1), dt.date(2019, 2, 1))
    job(make_member("after"), "Harborline Software", dt.date(2021, 2, 1))
    assert names(ada, candidate) == []


def test_the_path_to_each_colleague_is_shown(ada, ben, candidate):
    dora = make_member("dora")
    job(dora, "Harborline Software", dt.date(2019, 1, 1), dt.date(2020, 12, 1))
    connect(ada, ben)
    connect(ben, dora)
    (found,) = former_colleagues(requester=ada, candidate=candidate, now=NOW).colleagues
    assert (found.degree, found.via) == (2, ben)


def test_nobody_at_the_current_employer_is_listed_without_permission(ada, candidate):
    job(make_member("boss"), "Current Corp", dt.date(2020, 1, 1))
    # A former Harborline colleague who works at Current Corp now is left out too.
    job(make_member("moved"), "Harborline Software", dt.date(2019, 1, 1), dt.date(2020, 12, 1))
    from rapport.accounts.models import User

    job(User.objects.get(handle="moved"), "Current Corp", dt.date(2021, 1, 1))
    result = former_colleagues(requester=ada, candidate=candidate, now=NOW)
    assert result.colleagues == [] and result.current_shown is False


def test_permission_shows_the_current_employer_to_that_requester_only(ada, ben, candidate):
    job(make_member("boss"), "Current Corp", dt.date(2020, 1, 1))
    permission_ask(requester=ada, candidate=candidate, now=NOW)
    assert names(ada, candidate) == []  # asked is not allowed
    permission_decide(candidate=candidate, requester_id=ada.pk, allow=True, now=NOW)
    assert names(ada, candidate) == ["boss"]
    assert names(ben, candidate) == []  # scoped to the requester


def test_permission_expires(limit, ada, candidate, settings):
    limit("references.permission_days", 30)
    job(make_member("boss"), "Current Corp", dt.date(2020, 1, 1))
    permission_ask(requester=ada, candidate=candidate, now=NOW)
    permission_decide(candidate=candidate, requester_id=ada.pk, allow=True, now=NOW)
    assert names(ada, candidate, NOW + dt.timedelta(days=29)) == ["boss"]
    assert names(ada, candidate, NOW + dt.timedelta(days=30)) == []
    # Once expired the requester may ask again.
    permission_ask(requester=ada, candidate=candidate, now=NOW + dt.timedelta(days=31))


def test_a_refusal_keeps_the_current_employer_hidden_and_stops_asking_again(ada, candidate):
    job(make_member("boss"), "Current Corp", dt.date(2020, 1, 1))
    permission_ask(requester=ada, candidate=candidate, now=NOW)
    permission_decide(candidate=candidate, requester_id=ada.pk, allow=False, now=NOW)
    assert names(ada, candidate) == []
    with pytest.raises(Conflict) as refused:
        permission_ask(requester=ada, candidate=candidate, now=NOW + dt.timedelta(days=1))
    assert refused.value.code == "references.refused"


def test_asking_twice_while_open_is_refused(ada, candidate):
    permission_ask(requester=ada, candidate=candidate, now=NOW)
    with pytest.raises(Conflict) as again:
        permission_ask(requester=ada, candidate=candidate, now=NOW)
    assert again.value.code == "references.asked"


def test_only_the_candidate_answers_their_requests(ada, ben, candidate):
    permission_ask(requester=ada, candidate=candidate, now=NOW)
    with pytest.raises(NotFound):
        permission_decide(candidate=ben, requester_id=ada.pk, allow=True, now=NOW)


def test_the_candidate_can_withdraw_a_permission(ada, candidate):
    job(make_member("boss"), "Current Corp", dt.date(2020, 1, 1))
    permission_ask(requester=ada, candidate=candidate, now=NOW)
    permission_decide(candidate=candidate, requester_id=ada.pk, allow=True, now=NOW)
    permission_decide(candidate=candidate, requester_id=ada.pk, allow=False, now=NOW)
    assert names(ada, candidate) == []


def test_lookups_are_one_record_per_requester(ada, ben, candidate):
    lookup_record(requester=ada, candidate=candidate, now=NOW)
    lookup_record(requester=ada, candidate=candidate, now=NOW + dt.timedelta(hours=1))
    lookup_record(requester=ben, candidate=candidate, now=NOW)
    record = {row.requester.handle: row.times for row in lookups_of(candidate=candidate)}
    assert record == {"ada": 2, "ben": 1}


def test_a_candidate_who_turned_checks_off_cannot_be_looked_up(ada, candidate):
    checks_set(member=candidate, enabled=False)
    with pytest.raises(NotFound):
        lookup_record(requester=ada, candidate=candidate, now=NOW)
    with pytest.raises(NotFound):
        permission_ask(requester=ada, candidate=candidate, now=NOW)
    assert not ReferenceLookup.objects.exists()


def test_a_colleague_who_hid_their_history_is_not_listed(ada, candidate):
    dora = make_member("dora")
    job(dora, "Harborline Software", dt.date(2018, 1, 1), dt.date(2022, 5, 1))
    insights_hide_set(member=dora, hidden=True)
    assert names(ada, candidate) == []


def test_a_deactivated_colleague_is_not_listed(ada, candidate):
    dora = make_member("dora")
    fay = make_member("fay")
    job(dora, "Harborline Software", dt.date(2018, 1, 1), dt.date(2022, 5, 1))
    job(fay, "Harborline Software", dt.date(2018, 1, 1), dt.date(2022, 5, 1))
    dora.is_active = False
    dora.save(update_fields=["is_active"])
    assert names(ada, candidate) == ["fay"]


def _queries(requester, candidate) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as seen:
        former_colleagues(requester=requester, candidate=candidate, now=NOW)
    return len(seen)


def test_the_lookup_takes_the_same_queries_for_two_colleagues_or_eight(ada, ben, candidate):
    limits.current()  # read once per process every few seconds, not per lookup
    connect(ada, ben)
    for i in range(8):
        colleague = make_member(f"col{i}")
        job(colleague, "Harborline Software", dt.date(2019, 1, 1), dt.date(2020, 12, 1))
        if i < 2:
            connect(ben, colleague)
        if i == 1:
            few = _queries(ada, candidate)
    # One overlap query per position of the candidate's outside the current employer,
    # the page's members in one read: not one more for six more colleagues.
    assert (few, _queries(ada, candidate)) == (10, 10)


def test_someone_who_left_and_came_back_counts_by_their_longest_overlap(ada, candidate):
    dora = make_member("dora")
    job(dora, "Harborline Software", dt.date(2018, 1, 1), dt.date(2019, 6, 1))  # 4 months
    job(dora, "Harborline Software", dt.date(2020, 1, 1))  # still there: 13 months
    (found,) = former_colleagues(requester=ada, candidate=candidate, now=NOW).colleagues
    assert (found.start, found.end, found.months) == (dt.date(2020, 1, 1), dt.date(2021, 1, 1), 13)


def test_a_candidate_still_in_post_overlaps_up_to_this_month(ada):
    cand = make_member("cand2")
    job(cand, "Harborline Software", dt.date(2026, 1, 1), dt.date(2026, 9, 1))
    job(cand, "Harborline Software", dt.date(2026, 10, 1), None)  # current: hidden anyway
    dora = make_member("dora")
    job(dora, "Harborline Software", dt.date(2025, 6, 1), dt.date(2026, 5, 1))
    assert names(ada, cand) == []  # she is not there now, but Harborline is current
    from rapport.references.models import CurrentEmployerPermission

    CurrentEmployerPermission.objects.create(
        requester=ada, candidate=cand, state="allowed", expires_at=NOW + dt.timedelta(days=9)
    )
    (found,) = former_colleagues(requester=ada, candidate=cand, now=NOW).colleagues
    assert (found.start, found.end, found.months) == (dt.date(2026, 1, 1), dt.date(2026, 5, 1), 5)


def test_many_colleagues_come_a_page_at_a_time_longest_overlap_first(ada, candidate):
    for i in range(55):  # overlaps of 4 to 23 months from March 2019
        colleague = make_member(f"col{i}")
        index = 2019 * 12 + 2 + 3 + i % 20
        job(
            colleague,
            "Harborline Software",
            dt.date(2018, 1, 1),
            dt.date(index // 12, index % 12 + 1, 1),
        )
    pages = [
        former_colleagues(requester=ada, candidate=candidate, now=NOW, page=n) for n in (1, 2, 3)
    ]
    assert (pages[0].page.total, pages[0].page.pages) == (55, 3)
    assert [len(p.colleagues) for p in pages] == [25, 25, 5]
    listed = [c for p in pages for c in p.colleagues]
    months = [c.months for c in listed]
    assert months == sorted(months, reverse=True)
    assert len({c.member.handle for c in listed}) == 55
    past_the_end = former_colleagues(requester=ada, candidate=candidate, now=NOW, page=9)
    assert past_the_end.page.number == 3  # clamped, like every list


def test_the_overlaps_agree_with_counting_month_by_month(ada):
    """Random histories against the plainest count: the months both were there."""
    import random

    from rapport.companies.insights import month_index

    rng = random.Random(14)
    this_month = month_index(NOW.date())

    def span(start, end):
        last = min(month_index(end) if end else this_month, this_month)
        return set(range(month_index(start), last + 1))

    def some_month(lo=2015):
        """A month from `lo` to this one (no position starts or ends in the future)."""
        index = rng.randint(lo * 12, this_month)
        return dt.date(index // 12, index % 12 + 1, 1)

    cand = make_member("cand3")
    mine = []
    for company in ("Alpha", "Beta", "Alpha"):  # twice at Alpha: left and came back
        start = some_month(2016)
        end = max(start, some_month(start.year))
        job(cand, company, start, end)
        mine.append((company, start, end))
    expected: dict[str, int] = {}
    for i in range(40):
        member = make_member(f"r{i}")
        for _ in range(rng.randint(1, 3)):
            company = rng.choice(("Alpha", "Beta", "Gamma"))
            start = some_month()
            end = None if rng.random() < 0.3 else max(start, some_month(start.year))
            job(member, company, start, end)
            for c, s, e in mine:
                if c == company:
                    both = len(span(s, e) & span(start, end))
                    if both >= 3:
                        expected[member.handle] = max(expected.get(member.handle, 0), both)
    assert len(expected) >= 8  # the draw gives real overlaps to compare
    found = former_colleagues(requester=ada, candidate=cand, now=NOW, size=100)
    assert {c.member.handle: c.months for c in found.colleagues} == expected
    assert [c.months for c in found.colleagues] == sorted(expected.values(), reverse=True)


def test_an_overlap_of_exactly_the_minimum_counts_at_either_end(limit, ada, candidate, settings):
    limit("references.min_overlap_months", 3)
    late, early = make_member("late"), make_member("early")
    job(late, "Harborline Software", dt.date(2020, 11, 1))  # Nov, Dec, Jan: 3
    job(early, "Harborline Software", dt.date(2017, 1, 1), dt.date(2019, 5, 1))  # Mar–May
    too_late = make_member("toolate")
    job(too_late, "Harborline Software", dt.date(2020, 12, 1))  # Dec, Jan: 2
    found = former_colleagues(requester=ada, candidate=candidate, now=NOW).colleagues
    assert sorted((c.member.handle, c.months) for c in found) == [("early", 3), ("late", 3)]


def test_reading_more_pages_is_one_lookup_coming_back_later_another(ada, candidate):
    lookup_record(requester=ada, candidate=candidate, now=NOW)
    lookup_record(requester=ada, candidate=candidate, now=NOW + dt.timedelta(minutes=2))
    lookup_record(requester=ada, candidate=candidate, now=NOW + dt.timedelta(minutes=20))
    assert ReferenceLookup.objects.get().times == 1
    lookup_record(requester=ada, candidate=candidate, now=NOW + dt.timedelta(hours=2))
    found = ReferenceLookup.objects.get()
    assert (found.times, found.last_at) == (2, NOW + dt.timedelta(hours=2))
