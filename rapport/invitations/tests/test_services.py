"""The invitation lifecycle: every rule of sending and answering, each refusal changing nothing."""

import datetime as dt

import pytest

from rapport.core.errors import Conflict, LimitReached, NotFound, PermissionDenied, RapportError
from rapport.invitations import services
from rapport.invitations.models import Invitation, InvitationMessage, State
from rapport.invitations.tests.factories import T0, tighten
from rapport.network.selectors import are_connected
from rapport.network.services import connection_create
from rapport.notifications.models import Notification

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)
NOTE = "Hi Ben, we met at the Lagos design meetup last week; I'd love to keep in touch."


def send(sender, recipient, note=NOTE, now=T0, **kwargs):
    return services.invitation_send(
        sender=sender, recipient=recipient, note=note, now=now, **kwargs
    )


def kinds_for(member):
    return list(Notification.objects.filter(recipient=member).values_list("kind", flat=True))


def test_sending_records_the_note_and_the_coach_verdict_and_tells_the_recipient(
    ada, ben, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = send(ada, ben, how_we_know="event", how_detail="Lagos design meetup")
    assert invitation.state == State.PENDING and invitation.how_detail == "Lagos design meetup"
    assert not invitation.note_is_default and invitation.note_personalization > 0
    assert kinds_for(ben) == ["invitations.received"]


def test_an_empty_note_is_default_text(ada, ben):
    assert send(ada, ben, note="").note_is_default


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        ("self", "invitation.self"),
        ("connected", "invitation.connected"),
        ("pending", "invitation.pending"),
        ("long", "invitation.note_too_long"),
        ("how", "invitation.how_invalid"),
        ("mutual", "invitation.mutual_invalid"),
    ],
)
def test_refusals_have_stable_codes_and_change_nothing(ada, ben, chidi, setup, code):
    recipient, kwargs = ben, {}
    if setup == "self":
        recipient = ada
    elif setup == "connected":
        connection_create(member=ada, other=ben, source="operator", notify=False)
    elif setup == "pending":
        send(ada, ben)
    elif setup == "long":
        kwargs["note"] = "x" * 301
    elif setup == "how":
        kwargs["how_we_know"] = "telepathy"
    elif setup == "mutual":
        kwargs.update(how_we_know="mutual", mutual=chidi)
    before = Invitation.objects.count()
    with pytest.raises(RapportError) as exc:
        send(ada, recipient, **kwargs)
    assert exc.value.code == code
    assert Invitation.objects.count() == before


def test_inviting_someone_who_invited_you_accepts_theirs(ada, ben):
    theirs = send(ben, ada)
    result = send(ada, ben)
    assert result.pk == theirs.pk and result.state == State.ACCEPTED
    assert are_connected(ada.pk, ben.pk) and Invitation.objects.count() == 1


def test_a_named_mutual_connection_must_know_both(ada, ben, chidi):
    connection_create(member=chidi, other=ada, source="operator", notify=False)
    connection_create(member=chidi, other=ben, source="operator", notify=False)
    invitation = send(ada, ben, how_we_know="mutual", mutual=chidi)
    assert invitation.mutual == chidi


def test_accepting_connects_in_the_same_step_and_tells_the_sender(
    ada, ben, django_capture_on_commit_callbacks
):
    invitation = send(ada, ben)
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_accept(member=ben, invitation_id=invitation.pk, now=T0 + DAY)
    assert are_connected(ada.pk, ben.pk)
    assert "invitations.accepted" in kinds_for(ada)


def test_only_the_recipient_answers_and_only_once(ada, ben, chidi):
    invitation = send(ada, ben)
    for member in (ada, chidi):
        with pytest.raises(NotFound):
            services.invitation_accept(member=member, invitation_id=invitation.pk, now=T0)
    services.invitation_ignore(member=ben, invitation_id=invitation.pk, now=T0)
    with pytest.raises(Conflict) as exc:
        services.invitation_accept(member=ben, invitation_id=invitation.pk, now=T0)
    assert exc.value.code == "invitation.bad_transition"
    assert not are_connected(ada.pk, ben.pk)


def test_ignoring_is_silent_to_the_sender(ada, ben, django_capture_on_commit_callbacks):
    invitation = send(ada, ben)
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_ignore(member=ben, invitation_id=invitation.pk, now=T0)
    assert kinds_for(ada) == []


@pytest.mark.parametrize("answer", ["invitation_ignore", "invitation_decline", "invitation_report"])
def test_after_any_no_the_sender_cannot_invite_again_and_cannot_tell_which(ada, ben, answer):
    invitation = send(ada, ben)
    getattr(services, answer)(member=ben, invitation_id=invitation.pk, now=T0)
    refusals = []
    for later in (T0 + DAY, T0 + 30 * DAY, T0 + 400 * DAY):
        with pytest.raises(RapportError) as exc:
            send(ada, ben, now=later)
        refusals.append((exc.value.code, str(exc.value)))
    # The same words every time, whichever answer Ben chose (issue 11, item 14).
    assert (
        refusals
        == [
            (
                "invitation.not_accepted",
                "Ben Okafor did not accept your last invitation, so you cannot invite them again "
                "unless they invite you.",
            )
        ]
        * 3
    )


def test_a_refusal_is_forgotten_once_the_recipient_invites_back(ada, ben):
    first = send(ada, ben)
    services.invitation_decline(member=ben, invitation_id=first.pk, now=T0)
    back = send(ben, ada, now=T0 + DAY)
    services.invitation_withdraw(member=ben, invitation_id=back.pk, now=T0 + 2 * DAY)
    # ada may answer ben's gesture with her own invitation despite the old refusal.
    again = send(ada, ben, now=T0 + 3 * DAY)
    assert again.state == State.PENDING


@pytest.mark.parametrize("ending", ["withdraw", "expire"])
def test_a_cooldown_follows_withdrawal_or_expiry(ada, ben, ending):
    tighten(cooldown_days=21, expiry_days=90)
    invitation = send(ada, ben)
    if ending == "withdraw":
        services.invitation_withdraw(member=ada, invitation_id=invitation.pk, now=T0 + DAY)
        ended = T0 + DAY
    else:
        assert services.invitations_expire_due(now=T0 + 91 * DAY) == 1
        ended = T0 + 91 * DAY
    with pytest.raises(RapportError) as exc:
        send(ada, ben, now=ended + 20 * DAY)
    assert exc.value.code == "invitation.cooldown"
    assert send(ada, ben, now=ended + 22 * DAY).state == State.PENDING


def test_expiry_is_idempotent_and_spares_young_invitations(ada, ben, chidi):
    old = send(ada, ben, now=T0)
    young = send(ada, chidi, now=T0 + 80 * DAY)
    assert services.invitations_expire_due(now=T0 + 91 * DAY) == 1
    assert services.invitations_expire_due(now=T0 + 91 * DAY) == 0
    old.refresh_from_db()
    young.refresh_from_db()
    assert (old.state, young.state) == (State.EXPIRED, State.PENDING)


def test_an_invitation_past_its_age_cannot_be_accepted_before_housekeeping(ada, ben):
    invitation = send(ada, ben)
    with pytest.raises(Conflict) as exc:
        services.invitation_accept(member=ben, invitation_id=invitation.pk, now=T0 + 91 * DAY)
    assert exc.value.code == "invitation.expired"
    assert not are_connected(ada.pk, ben.pk)


def test_only_the_sender_withdraws(ada, ben):
    invitation = send(ada, ben)
    with pytest.raises(NotFound):
        services.invitation_withdraw(member=ben, invitation_id=invitation.pk)
    services.invitation_withdraw(member=ada, invitation_id=invitation.pk)
    invitation.refresh_from_db()
    assert invitation.state == State.WITHDRAWN


def test_bulk_withdraw_takes_only_old_pending_ones(ada, ben, chidi):
    send(ada, ben, now=T0)
    send(ada, chidi, now=T0 + 20 * DAY)
    assert services.invitations_withdraw_older(member=ada, days=14, now=T0 + 21 * DAY) == 1
    states = dict(Invitation.objects.values_list("recipient__handle", "state"))
    assert states == {"ben": State.WITHDRAWN, "chidi": State.PENDING}


def test_bulk_ignore_of_default_text_leaves_personal_notes(ada, ben, chidi):
    send(ben, ada, note="")
    send(chidi, ada, note="Hi Ada, your talk on engines at PyCon changed how I teach ethics.")
    assert services.invitations_ignore_many(member=ada, default_text_only=True, now=T0) == 1
    states = dict(Invitation.objects.values_list("sender__handle", "state"))
    assert states == {"ben": State.IGNORED, "chidi": State.PENDING}


def test_how_do_we_know_each_other_thread(ada, ben, chidi, django_capture_on_commit_callbacks):
    invitation = send(ada, ben, note="")
    with pytest.raises(PermissionDenied):
        services.invitation_message_add(member=ada, invitation_id=invitation.pk, text="Hi!")
    with pytest.raises(NotFound):
        services.invitation_message_add(member=chidi, invitation_id=invitation.pk, text="Hm")
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_message_add(
            member=ben,
            invitation_id=invitation.pk,
            text="Thanks for the invitation — how do we know each other?",
        )
        services.invitation_message_add(
            member=ada, invitation_id=invitation.pk, text="We sat together at the Lagos meetup."
        )
    invitation.refresh_from_db()
    assert invitation.state == State.PENDING
    assert "invitations.asked" in kinds_for(ada) and "invitations.answered" in kinds_for(ben)
    services.invitation_accept(member=ben, invitation_id=invitation.pk, now=T0)
    with pytest.raises(Conflict):
        services.invitation_message_add(member=ada, invitation_id=invitation.pk, text="Yay")
    assert InvitationMessage.objects.count() == 2


class TestRecipientPreferences:
    def test_only_people_with_a_mutual_connection(self, ada, ben, chidi):
        services.preferences_update(member=ben, who_may_invite="mutual", note_required=False)
        with pytest.raises(RapportError) as exc:
            send(ada, ben)
        assert exc.value.code == "invitation.needs_mutual"
        connection_create(member=chidi, other=ada, source="operator", notify=False)
        connection_create(member=chidi, other=ben, source="operator", notify=False)
        assert send(ada, ben).state == State.PENDING

    def test_only_people_who_know_my_email(self, ada, ben):
        services.preferences_update(member=ben, who_may_invite="email", note_required=False)
        for entered, code in (
            (None, "invitation.email_required"),
            ("ben@elsewhere.org", "invitation.email_mismatch"),
        ):
            with pytest.raises(RapportError) as exc:
                send(ada, ben, recipient_email=entered)
            assert exc.value.code == code
        assert send(ada, ben, recipient_email=" BEN@example.com ").email_confirmed

    def test_a_note_required(self, ada, ben):
        services.preferences_update(member=ben, who_may_invite="anyone", note_required=True)
        with pytest.raises(RapportError) as exc:
            send(ada, ben, note="I'd like to add you to my professional network.")
        assert exc.value.code == "invitation.note_required"
        assert send(ada, ben).state == State.PENDING


def test_daily_and_weekly_caps(db):
    from rapport.invitations.tests.factories import crowd

    tighten(daily_cap=2, weekly_cap=3, throttled_weekly_cap=1)
    sender, *others = crowd("cap", 6)
    send(sender, others[0], now=T0)
    send(sender, others[1], now=T0 + dt.timedelta(hours=1))
    with pytest.raises(LimitReached) as exc:
        send(sender, others[2], now=T0 + dt.timedelta(hours=2))
    assert exc.value.code == "invitation.day_limit"
    send(sender, others[2], now=T0 + DAY + dt.timedelta(hours=1))
    with pytest.raises(LimitReached) as exc:
        send(sender, others[3], now=T0 + 2 * DAY + dt.timedelta(hours=1))
    assert exc.value.code == "invitation.week_limit"
    assert "You can send again from" in exc.value.message
    assert send(sender, others[3], now=T0 + 7 * DAY + dt.timedelta(minutes=1))
    assert Invitation.objects.filter(sender=sender).count() == 4


def test_accepting_after_being_connected_otherwise_tells_nobody_again(
    ada, ben, django_capture_on_commit_callbacks
):
    from rapport.network.services import connection_create

    invitation = send(ada, ben)
    connection_create(member=ada, other=ben, source="operator", notify=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_accept(member=ben, invitation_id=invitation.pk, now=T0)
    invitation.refresh_from_db()
    assert invitation.state == State.ACCEPTED
    assert kinds_for(ada) == []  # no second "accepted your invitation"
