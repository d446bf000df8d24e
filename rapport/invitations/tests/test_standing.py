"""Sender standing: throttles and restrictions, the warnings before them, and what lifts them."""

import datetime as dt

import pytest
from django.db import IntegrityError

from rapport.accounts.models import AuditEntry
from rapport.core.errors import Conflict, PermissionDenied, RapportError
from rapport.invitations import services
from rapport.invitations.models import Appeal, State
from rapport.invitations.selectors import bands_for, standing_for
from rapport.invitations.tests.factories import T0, crowd, tighten
from rapport.limits.services import restrictions_lift_due
from rapport.notifications.models import Notification

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def answer(sender, recipients, how, now=T0):
    for r in recipients:
        inv = services.invitation_send(
            sender=sender, recipient=r, note="", now=now, recipient_email=r.email
        )
        getattr(services, f"invitation_{how}")(member=r, invitation_id=inv.pk, now=now)


def notices(member):
    return list(Notification.objects.filter(recipient=member).values_list("kind", flat=True))


@pytest.fixture
def spammer(db):
    tighten(daily_cap=100, weekly_cap=100, restrict_negatives=5, restriction_days=30)
    return crowd("spam", 1)[0]


def test_a_fresh_sender_is_in_good_standing(ada):
    report = standing_for(ada, now=T0)
    assert (report.band, report.rate, report.weekly.left, report.daily.left) == (
        "good",
        None,
        100,
        25,
    )
    assert not report.warnings and not report.lifts


def test_warned_before_the_answer_that_would_restrict(spammer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answer(spammer, crowd("r", 4), "decline")
    report = standing_for(spammer, now=T0)
    assert not report.restricted and report.negatives == 4
    assert any("One more" in w for w in report.warnings)
    assert notices(spammer).count("invitations.standing_warning") == 1


def test_five_negative_answers_restrict_and_then_email_is_required(
    spammer, ada, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer(spammer, crowd("r", 3), "decline")
        answer(spammer, crowd("s", 2), "report")
    report = standing_for(spammer, now=T0)
    assert report.restricted and report.band == "poor"
    assert report.restricted_until == T0 + 30 * DAY
    assert any("lifts on" in text for text in report.lifts)
    assert "invitations.standing_limited" in notices(spammer)
    with pytest.raises(RapportError) as exc:
        services.invitation_send(sender=spammer, recipient=ada, now=T0 + DAY)
    assert exc.value.code == "invitation.restricted"
    invitation = services.invitation_send(
        sender=spammer, recipient=ada, now=T0 + DAY, recipient_email="ada@example.com"
    )
    assert invitation.email_confirmed


def test_answers_from_one_recipient_count_once(spammer):
    (victim,) = crowd("v", 1)
    for day in (0, 22, 44):  # past each cooldown, inside the 90-day window
        inv = services.invitation_send(sender=spammer, recipient=victim, now=T0 + day * DAY)
        services.invitation_decline(member=victim, invitation_id=inv.pk, now=T0 + day * DAY)
        back = services.invitation_send(
            sender=victim, recipient=spammer, now=T0 + day * DAY + dt.timedelta(hours=1)
        )
        services.invitation_ignore(
            member=spammer, invitation_id=back.pk, now=T0 + day * DAY + dt.timedelta(hours=2)
        )
    report = standing_for(spammer, now=T0 + 45 * DAY)
    assert report.negatives == 1 and report.decided == 3


def test_a_restriction_lifts_after_quiet_time_and_the_job_is_idempotent(spammer):
    answer(spammer, crowd("r", 5), "decline")
    assert restrictions_lift_due(now=T0 + 29 * DAY) == 0
    assert restrictions_lift_due(now=T0 + 30 * DAY) == 1
    assert restrictions_lift_due(now=T0 + 30 * DAY) == 0
    assert not standing_for(spammer, now=T0 + 30 * DAY).restricted


def test_a_new_negative_answer_moves_the_lifting_date(spammer):
    answer(spammer, crowd("r", 5), "decline")
    answer(spammer, crowd("late", 1), "report", now=T0 + 10 * DAY)
    assert standing_for(spammer, now=T0 + 11 * DAY).restricted_until == T0 + 40 * DAY


def test_an_accepted_appeal_lifts_the_restriction_and_counts_afresh(spammer, ada):
    answer(spammer, crowd("r", 5), "decline")
    with pytest.raises(RapportError):
        services.appeal_submit(member=spammer, text="too short", now=T0)
    appeal = services.appeal_submit(
        member=spammer,
        now=T0,
        text="I met all of them at a conference; I should have written notes.",
    )
    with pytest.raises(Conflict):
        services.appeal_submit(member=spammer, now=T0, text="A second appeal while one waits.")
    with pytest.raises(PermissionDenied):
        services.appeal_decide(moderator=ada, appeal_id=appeal.pk, accept=True)
    ada.is_operator = True
    ada.save()
    services.appeal_decide(moderator=ada, appeal_id=appeal.pk, accept=True, now=T0 + DAY)
    report = standing_for(spammer, now=T0 + DAY)
    assert not report.restricted and report.negatives == 0
    assert Appeal.objects.get().state == "accepted"
    assert AuditEntry.objects.filter(action="appeal.accept").count() == 1


def test_nothing_to_appeal_in_good_standing(ada):
    with pytest.raises(Conflict) as exc:
        services.appeal_submit(member=ada, text="Please lift a limit I do not have.")
    assert exc.value.code == "appeal.nothing_to_appeal"


def test_the_database_allows_one_pending_appeal(spammer):
    Appeal.objects.create(member=spammer, text="first appeal text here")
    with pytest.raises(IntegrityError):
        Appeal.objects.create(member=spammer, text="second appeal text here")


def test_a_low_acceptance_rate_shrinks_the_weekly_cap_after_a_warning(db):
    tighten(
        daily_cap=100,
        weekly_cap=100,
        throttle_min_decided=20,
        throttle_rate=0.30,
        throttled_weekly_cap=20,
        restrict_negatives=50,
    )
    (sender,) = crowd("collector", 1)
    answer(sender, crowd("yes", 5), "accept")
    answer(sender, crowd("no", 13), "ignore")
    before = standing_for(sender, now=T0)  # 5 of 18 accepted
    assert not before.throttled and before.weekly_cap == 100
    answer(sender, crowd("nob", 1), "ignore")  # 5 of 19: the next refusal would throttle
    warned = standing_for(sender, now=T0)
    assert any("weekly limit drops from 100 to 20" in w for w in warned.warnings)
    answer(sender, crowd("noc", 1), "ignore")  # 5 of 20 = 25 %
    after = standing_for(sender, now=T0)
    assert after.throttled and after.weekly_cap == 20 and after.band == "poor"
    # 20 were already sent this week: the smaller cap is already used up.
    assert after.weekly.left == 0
    assert any("returns to 100" in text for text in after.lifts)


def test_bands_for_many_senders_match_each_standing(spammer, ada, ben):
    answer(spammer, crowd("r", 5), "decline")
    answer(ben, crowd("b", 2), "decline")
    answer(ben, crowd("c", 1), "accept")
    bands = bands_for([spammer.pk, ada.pk, ben.pk], now=T0)
    assert bands == {spammer.pk: "poor", ada.pk: "good", ben.pk: "fair"}
    for member in (spammer, ada, ben):
        assert standing_for(member, now=T0).band == bands[member.pk]


def test_expired_invitations_count_against_the_rate(ada, ben):
    services.invitation_send(sender=ada, recipient=ben, now=T0)
    services.invitations_expire_due(now=T0 + 91 * DAY)
    report = standing_for(ada, now=T0 + 91 * DAY)
    assert (report.decided, report.accepted) == (1, 0)
    assert State.EXPIRED == "expired"


def test_a_lifted_restriction_stays_lifted_until_a_new_negative_answer(
    spammer, django_capture_on_commit_callbacks
):
    answer(spammer, crowd("r", 5), "decline")
    restrictions_lift_due(now=T0 + 31 * DAY)
    with django_capture_on_commit_callbacks(execute=True):
        answer(spammer, crowd("quiet", 1), "ignore", now=T0 + 32 * DAY)
    assert not standing_for(spammer, now=T0 + 32 * DAY).restricted
    assert "invitations.standing_limited" not in notices(spammer)
    answer(spammer, crowd("again", 1), "decline", now=T0 + 33 * DAY)
    assert standing_for(spammer, now=T0 + 33 * DAY).restricted_until == T0 + 63 * DAY


def test_the_send_path_reads_the_same_caps_and_restriction_as_the_standing_page(db):
    """`send_limits` (two queries) against `standing_for` (the whole report), through a
    throttle, a restriction, its lifting and an appeal's fresh start."""
    from rapport.invitations.selectors.standing import send_limits

    tighten(
        daily_cap=100,
        weekly_cap=100,
        throttle_min_decided=10,
        throttle_rate=0.30,
        throttled_weekly_cap=20,
        restrict_negatives=5,
        restriction_days=30,
    )
    (sender,) = crowd("mixed", 1)

    def agree(now):
        report, lean = standing_for(sender, now=now), send_limits(sender, now=now)
        assert (lean.daily_cap, lean.weekly_cap, lean.restricted) == (
            report.daily_cap,
            report.weekly_cap,
            report.restricted,
        )
        return lean

    assert agree(T0) == agree(T0)
    answer(sender, crowd("yes", 2), "accept")
    answer(sender, crowd("no", 8), "ignore")  # 2 of 10: throttled
    assert agree(T0).weekly_cap == 20
    answer(sender, crowd("nope", 5), "decline")  # and five objections: restricted
    assert agree(T0).restricted
    assert not agree(T0 + 31 * DAY).restricted  # the restriction's time has passed
    assert agree(T0 + 400 * DAY).weekly_cap == 100  # the refusals left the window
