"""Sending: declared kinds, the member's channels, mutes, filtered mentions."""

import pytest
from django.urls import reverse

from rapport.accounts.tests.factories import make_member
from rapport.core.errors import NotFound, ValidationFailed
from rapport.notifications import kinds, selectors, services
from rapport.notifications.kinds import Category, Email
from rapport.notifications.models import KindPreference, Notification
from rapport.notifications.tests.factories import sent

pytestmark = pytest.mark.django_db


def test_send_renders_text_from_the_declared_kind(ada, ben):
    note = sent(recipient=ada, kind="network.connection_made", actor=ben)
    assert note is not None and note.text == "You are now connected with Ben Okafor."


def test_unknown_kind_is_refused(ada):
    with pytest.raises(ValidationFailed):
        services.notification_send(recipient=ada, kind="made.up")
    assert not Notification.objects.exists()


def test_nobody_is_notified_of_their_own_action(ada):
    assert (
        services.notification_send(recipient=ada, kind="network.connection_made", actor=ada) is None
    )


def test_every_declared_kind_has_a_category_members_understand():
    assert kinds.all_kinds()
    for kind in kinds.all_kinds():
        assert kind.category in Category.values, kind.code
        assert kind.email in Email.values, kind.code


def test_account_notices_cannot_be_declared_off():
    with pytest.raises(ValueError, match="cannot default to off"):
        kinds.register(
            "test.safety_off",
            label="x",
            template="x",
            category=Category.ACCOUNT,
            email=Email.OFF,
        )
    assert kinds.get("test.safety_off") is None


def test_unread_count_and_mark_read_touch_only_the_recipient(ada, ben, chidi):
    services.notification_send(recipient=ada, kind="invitations.answered", actor=ben)
    services.notification_send(recipient=ben, kind="invitations.answered", actor=chidi)
    assert selectors.unread_count(recipient=ada) == 1
    assert services.notifications_mark_read(recipient=ada) == 1
    assert selectors.unread_count(recipient=ada) == 0
    assert selectors.unread_count(recipient=ben) == 1


def test_the_site_channel_off_keeps_it_out_of_the_list_but_e_mail_still_has_it(ada, ben):
    services.kind_choice_set(member=ada, kind="invitations.answered", site=False, email="digest")
    note = sent(recipient=ada, kind="invitations.answered", actor=ben)
    assert note is not None and not note.on_site and note.email == "digest"
    assert selectors.unseen_count(recipient=ada) == 0
    assert list(selectors.notifications_for(recipient=ada)) == []


def test_a_kind_off_on_every_channel_records_nothing(ada, ben):
    services.kind_turn_off(member=ada, kind="invitations.answered")
    assert services.notification_send(recipient=ada, kind="invitations.answered", actor=ben) is None
    assert not Notification.objects.filter(recipient=ada).exists()
    # Another kind is untouched.
    assert services.notification_send(recipient=ada, kind="members.job_changed", actor=ben)


@pytest.mark.parametrize(
    ("email", "expected"), [("instant", "instant"), ("digest", "digest"), ("off", "off")]
)
def test_the_e_mail_channel_chosen_is_the_one_recorded(ada, ben, email, expected, mailoutbox):
    services.kind_choice_set(member=ada, kind="members.job_changed", site=True, email=email)
    note = sent(recipient=ada, kind="members.job_changed", actor=ben)
    assert note is not None and note.email == expected


def test_defaults_apply_until_the_member_chooses(ada, ben, mailoutbox):
    note = sent(recipient=ada, kind="posts.reacted", actor=ben)
    assert note is not None and note.on_site and note.email == Email.DIGEST
    assert not KindPreference.objects.filter(member=ada).exists()


def test_account_and_safety_notices_cannot_be_switched_off(ada):
    for site, email in [(False, "digest"), (True, "off"), (False, "off")]:
        with pytest.raises(ValidationFailed) as raised:
            services.kind_choice_set(
                member=ada, kind="invitations.standing_warning", site=site, email=email
            )
        assert raised.value.code == "notification.required"
    assert not KindPreference.objects.filter(member=ada).exists()
    # Moving one to the digest is allowed.
    services.kind_choice_set(
        member=ada, kind="invitations.standing_warning", site=True, email="digest"
    )


def test_bad_choices_are_refused_and_change_nothing(ada):
    with pytest.raises(ValidationFailed):
        services.kind_choice_set(member=ada, kind="posts.reacted", site=True, email="weekly")
    with pytest.raises(ValidationFailed):
        services.kind_choice_set(member=ada, kind="no.such", site=True, email="off")
    assert not KindPreference.objects.exists()


def test_turning_a_kind_off_hides_what_is_already_there(ada, ben, chidi):
    services.notification_send(recipient=ada, kind="invitations.answered", actor=ben)
    services.notification_send(recipient=ada, kind="members.job_changed", actor=chidi)
    assert selectors.unseen_count(recipient=ada) == 2
    services.kind_turn_off(member=ada, kind="invitations.answered")
    assert selectors.unseen_count(recipient=ada) == 1
    assert [n.kind for n in selectors.notifications_for(recipient=ada)] == ["members.job_changed"]


def test_muting_a_post_stops_everything_about_it(ada, ben, chidi):
    target = chidi  # any model instance stands for "the thing" here
    first = sent(recipient=ada, kind="posts.commented", actor=ben, target=target, url="/p/1/")
    services.thing_mute(member=ada, notification_id=first.pk)
    assert selectors.unseen_count(recipient=ada) == 0
    assert (
        services.notification_send(
            recipient=ada, kind="posts.reacted", actor=chidi, target=target, url="/p/1/"
        )
        is None
    )
    # Something about another thing still arrives.
    assert services.notification_send(
        recipient=ada, kind="posts.reacted", actor=chidi, target=ben, url="/p/2/"
    )


def test_a_muted_thing_still_brings_the_notices_every_member_gets(ada, ben, chidi):
    first = sent(recipient=ada, kind="posts.commented", actor=ben, target=chidi, url="/p/1/")
    services.thing_mute(member=ada, notification_id=first.pk)
    assert services.notification_send(
        recipient=ada, kind="invitations.standing_warning", target=chidi
    )


def test_a_mute_and_the_channels_are_one_query(ada, ben, chidi, django_assert_num_queries):
    sent(recipient=ada, kind="posts.commented", actor=ben, target=chidi, url="/p/1/")
    with django_assert_num_queries(2):  # the mute and the choice, then the row
        services.notification_send(
            recipient=ada, kind="posts.mentioned", actor=chidi, target=ben, url="/p/2/"
        )


def test_muting_someones_mentions(ada, ben, chidi):
    mention = sent(recipient=ada, kind="posts.mentioned", actor=ben)
    services.mentioner_mute(member=ada, notification_id=mention.pk)
    assert services.notification_send(recipient=ada, kind="posts.mentioned", actor=ben) is None
    assert services.notification_send(recipient=ada, kind="posts.mentioned", actor=chidi)
    # Ben's other activity is not muted.
    assert services.notification_send(recipient=ada, kind="invitations.answered", actor=ben)


def test_quick_controls_refuse_what_does_not_fit_or_is_not_yours(ada, ben):
    answered = sent(recipient=ada, kind="invitations.answered", actor=ben)
    with pytest.raises(ValidationFailed):
        services.mentioner_mute(member=ada, notification_id=answered.pk)  # not a mention
    with pytest.raises(ValidationFailed):
        services.thing_mute(member=ada, notification_id=answered.pk)  # about nothing
    with pytest.raises(NotFound):
        services.thing_mute(member=ben, notification_id=answered.pk)  # not Ben's


def test_filtered_mentions_wait_apart_and_can_be_let_in_or_dismissed(ada, ben, chidi):
    kept = sent(recipient=ada, kind="posts.mentioned", actor=ben, filtered=True)
    gone = sent(recipient=ada, kind="posts.mentioned", actor=chidi, filtered=True)
    assert kept.is_filtered and kept.email == "off"  # a filtered mention never e-mails
    assert selectors.unseen_count(recipient=ada) == 0
    assert selectors.filtered_count(recipient=ada) == 2
    assert services.filtered_accept(recipient=ben, ids=[kept.pk]) == 0  # not Ben's
    assert services.filtered_accept(recipient=ada, ids=[kept.pk]) == 1
    assert selectors.unseen_count(recipient=ada) == 1
    assert services.filtered_dismiss(recipient=ada, ids=[gone.pk]) == 1
    assert selectors.filtered_count(recipient=ada) == 0


def test_the_header_badge_and_the_list(client, ada, ben):
    services.notification_send(recipient=ada, kind="invitations.answered", actor=ben)
    client.force_login(ada)
    assert 'data-testid="unread-count">1<' in client.get(reverse("home")).content.decode()
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Ben Okafor answered your question" in page
    client.post(reverse("notifications:mark_all_read"))
    assert 'data-testid="unread-count"' not in client.get(reverse("home")).content.decode()


def test_a_member_with_no_email_choice_stored_gets_one_query_for_it(
    ada, django_assert_max_num_queries
):
    other = make_member("dee", "Dee Ode")
    with django_assert_max_num_queries(4):
        services.notification_send(recipient=ada, kind="invitations.answered", actor=other)


def test_without_a_digest_digest_kinds_send_no_e_mail_but_account_notices_go_at_once(ada, ben):
    services.digest_off(member=ada)
    reacted = sent(recipient=ada, kind="posts.reacted", actor=ben)
    assert reacted.email == "off" and reacted.on_site
    services.kind_choice_set(
        member=ada, kind="invitations.standing_warning", site=True, email="digest"
    )
    warning = sent(recipient=ada, kind="invitations.standing_warning")
    assert warning.email == "instant"
