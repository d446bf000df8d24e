"""Messaging rules, through the services, on the real database."""

from __future__ import annotations

import pytest
from django.utils import timezone

from rapport.accounts.tests.factories import make_member
from rapport.conversations import selectors, services
from rapport.conversations.models import Conversation, Message, State
from rapport.conversations.tests.factories import (
    DAY,
    GENUINE,
    PITCH,
    connect,
    connect_by_invitation,
    crowd,
)
from rapport.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db


def send(sender, recipient, text=GENUINE, **kwargs):
    return services.message_send(sender=sender, recipient=recipient, text=text, **kwargs)


# --- conversations between connections ---------------------------------------------------


def test_a_message_to_a_connection_lands_in_their_inbox_unread(ada, ben):
    connect(ada, ben, days_ago=100)
    message = send(ada, ben)
    assert message.conversation.state == State.OPEN and not message.held
    rows = selectors.folder_for(ben, "inbox")
    assert [r.conversation.pk for r in rows] == [message.conversation_id]
    assert rows[0].unread and rows[0].last == message
    assert selectors.counts_for(ben).unread == 1
    assert selectors.counts_for(ada).unread == 0  # the sender has read what they wrote
    services.conversation_mark_read(member=ben, conversation_id=message.conversation_id)
    assert selectors.counts_for(ben).unread == 0


def test_one_conversation_per_pair_whoever_writes_first(ada, ben):
    connect(ada, ben, days_ago=100)
    first = send(ada, ben)
    reply = send(ben, ada, "Thanks Ada, the slides are great.")
    assert first.conversation_id == reply.conversation_id
    assert Conversation.objects.count() == 1


def test_text_is_cleaned_and_limits_are_enforced(ada, ben, settings):
    connect(ada, ben, days_ago=100)
    with pytest.raises(ValidationFailed) as empty:
        send(ada, ben, "  \n\t ")
    assert empty.value.code == "message.empty"
    settings.RAPPORT = {**settings.RAPPORT, "MESSAGE_MAX_CHARS": 50}
    with pytest.raises(ValidationFailed) as long:
        send(ada, ben, "x" * 51)
    assert long.value.code == "message.too_long"
    assert Message.objects.count() == 0
    assert send(ada, ben, "  Hello\x07 Ben  ").text == "Hello Ben"


def test_nobody_reads_or_writes_in_a_conversation_they_are_not_part_of(ada, ben, chidi):
    connect(ada, ben, days_ago=100)
    connect(ada, chidi, days_ago=100)
    message = send(ada, ben)
    with pytest.raises(NotFound):
        selectors.conversation_for(chidi, message.conversation_id)
    with pytest.raises(NotFound):
        services.message_send(sender=chidi, conversation_id=message.conversation_id, text="hi")
    for action in (services.message_release, services.message_report):
        with pytest.raises(NotFound):
            action(member=chidi, message_id=message.pk)
    with pytest.raises(NotFound):
        services.conversation_archive(member=chidi, conversation_id=message.conversation_id)
    # Nor may the sender "release" or report their own message.
    with pytest.raises(NotFound):
        services.message_report(member=ada, message_id=message.pk)
    assert Message.objects.count() == 1 and selectors.folder_for(chidi, "inbox") == []


def test_archive_and_delete_for_me_touch_only_my_side(ada, ben):
    connect(ada, ben, days_ago=100)
    message = send(ada, ben)
    cid = message.conversation_id
    services.conversation_archive(member=ben, conversation_id=cid)
    assert selectors.folder_for(ben, "inbox") == []
    assert [r.conversation.pk for r in selectors.folder_for(ben, "archived")] == [cid]
    send(ada, ben, "One more thing about the slides.")
    assert [r.conversation.pk for r in selectors.folder_for(ben, "inbox")] == [cid]  # back
    services.conversation_delete_for_me(member=ben, conversation_id=cid)
    assert selectors.folder_for(ben, "inbox") == []
    assert selectors.messages_for(ben, message.conversation) == []
    assert len(selectors.messages_for(ada, message.conversation)) == 2  # Ada keeps hers
    later = send(ada, ben, "Did you get my last message?", now=timezone.now() + DAY)
    assert [m.pk for m in selectors.messages_for(ben, message.conversation)] == [later.pk]


def test_read_receipts_show_only_when_both_share_them(ada, ben):
    connect(ada, ben, days_ago=100)
    message = send(ada, ben)
    conversation = message.conversation
    assert selectors.seen_at(ada, conversation) is None
    services.conversation_mark_read(member=ben, conversation_id=conversation.pk)
    assert selectors.seen_at(ada, conversation) is not None
    assert selectors.seen_at(ben, conversation) is None  # only under one's own last message
    services.messaging_preferences_update(member=ben, read_receipts=False)
    assert selectors.seen_at(ada, conversation) is None
    services.messaging_preferences_update(member=ben, read_receipts=True)
    services.messaging_preferences_update(member=ada, read_receipts=False)
    assert selectors.seen_at(ada, conversation) is None  # fair: off for you means off for them


def test_marking_read_never_moves_backwards(ada, ben):
    connect(ada, ben, days_ago=100)
    cid = send(ada, ben).conversation_id
    later = timezone.now() + DAY
    services.conversation_mark_read(member=ben, conversation_id=cid, now=later)
    services.conversation_mark_read(member=ben, conversation_id=cid, now=later - 2 * DAY)
    assert selectors.participant_of(ben, Conversation.objects.get()).last_read_at == later


# --- the first-contact guard --------------------------------------------------------------


def test_a_new_connection_is_warned_about_a_pitch(ada, ben):
    connect_by_invitation(ada, ben)
    with pytest.raises(services.NeedsReview) as warned:
        send(ada, ben, PITCH)
    assert warned.value.code == "message.needs_review"
    assert "pitch" in warned.value.verdict.flags
    assert warned.value.verdict.reasons and warned.value.verdict.suggestions
    assert Message.objects.count() == 0  # nothing written


def test_sent_anyway_a_flagged_message_goes_to_filtered_with_its_reasons(ada, ben):
    connect_by_invitation(ada, ben)
    message = send(ada, ben, PITCH, send_anyway=True)
    assert message.held and message.sent_anyway and "pitch" in message.flags
    assert any("15 minutes" in r or "call" in r for r in message.reasons)
    assert selectors.folder_for(ben, "inbox") == []
    filtered = selectors.folder_for(ben, "filtered")
    assert [r.conversation.pk for r in filtered] == [message.conversation_id]
    assert filtered[0].filtered == 1
    counts = selectors.counts_for(ben)
    assert (counts.unread, counts.filtered) == (0, 1)
    # The sender sees their conversation as usual.
    assert [r.conversation.pk for r in selectors.folder_for(ada, "inbox")] == [
        message.conversation_id
    ]


def test_automated_greetings_are_flagged(ada, ben):
    connect_by_invitation(ada, ben)
    for text in ("Hi , thanks for connecting!", "Hello {first_name}, great to connect!"):
        with pytest.raises(services.NeedsReview) as warned:
            send(ada, ben, text)
        assert "automated" in warned.value.verdict.flags


def test_a_genuine_first_message_goes_straight_to_the_inbox(ada, ben):
    connect_by_invitation(ada, ben)
    message = send(ada, ben, GENUINE)
    assert message.checked and not message.held
    assert selectors.counts_for(ben).unread == 1


def test_the_guard_stops_checking_after_the_guard_period(limit, ada, ben, settings):
    connect_by_invitation(ada, ben)
    later = timezone.now() + 15 * DAY
    assert not send(ada, ben, PITCH, now=later).checked
    limit("conversations.guard_days", 30)
    with pytest.raises(services.NeedsReview):
        send(ada, ben, PITCH, now=later)


def test_both_sides_are_checked_when_nobody_is_known_to_have_asked(ada, ben):
    connect(ada, ben)  # operator: neither side asked
    for sender, recipient in ((ada, ben), (ben, ada)):
        with pytest.raises(services.NeedsReview):
            send(sender, recipient, PITCH)


def test_the_recipient_can_turn_the_guard_off_entirely(ada, ben):
    connect_by_invitation(ada, ben)
    services.messaging_preferences_update(member=ben, guard_enabled=False)
    message = send(ada, ben, PITCH)
    assert not message.checked and not message.held


def test_trusting_a_sender_releases_their_filtered_messages_and_stops_checking(ada, ben):
    connect_by_invitation(ada, ben)
    held = send(ada, ben, PITCH, send_anyway=True)
    moved = services.guard_exempt(member=ben, sender=ada)
    assert moved == 1
    held.refresh_from_db()
    assert held.released_at is not None and not held.filtered
    assert selectors.counts_for(ben).filtered == 0 and selectors.counts_for(ben).unread == 1
    assert not send(ada, ben, PITCH).checked
    services.guard_unexempt(member=ben, sender=ada)
    with pytest.raises(services.NeedsReview):
        send(ada, ben, PITCH)


def test_moving_a_filtered_message_to_the_inbox(ada, ben):
    connect_by_invitation(ada, ben)
    held = send(ada, ben, PITCH, send_anyway=True)
    services.message_release(member=ben, message_id=held.pk)
    services.message_release(member=ben, message_id=held.pk)  # twice: no change
    assert [r.conversation.pk for r in selectors.folder_for(ben, "inbox")] == [held.conversation_id]
    assert selectors.folder_for(ben, "filtered") == []


def test_reporting_a_message_counts_against_the_sender_like_a_reported_invitation(ben):
    from rapport.invitations.selectors.standing import standing_for
    from rapport.invitations.tests.factories import tighten

    tighten(restrict_negatives=2)
    spammer = make_member("spam", "Sam Spammer")
    victims = crowd("victim", 2)
    for victim in victims:
        connect(spammer, victim)
    before = standing_for(spammer)
    first = send(spammer, victims[0], PITCH, send_anyway=True)
    services.message_report(member=victims[0], message_id=first.pk)
    services.message_report(member=victims[0], message_id=first.pk)  # once per reporter
    after_one = standing_for(spammer)
    assert after_one.negatives == before.negatives + 1 and not after_one.restricted
    second = send(spammer, victims[1], PITCH + " Reply YES.", send_anyway=True)
    services.message_report(member=victims[1], message_id=second.pk)
    assert standing_for(spammer).restricted
    first.refresh_from_db()
    assert first.reported_at is not None and not first.filtered


def test_a_reported_message_leaves_filtered_and_cannot_be_released_or_trusted(ada, ben):
    connect_by_invitation(ben, ada)
    pitch = send(ben, ada, PITCH, send_anyway=True)
    assert selectors.counts_for(ada).filtered == 1
    services.message_report(member=ada, message_id=pitch.pk)
    assert selectors.counts_for(ada).filtered == 0
    assert selectors.folder_for(ada, "filtered") == []
    with pytest.raises(Conflict) as refused:
        services.message_release(member=ada, message_id=pitch.pk)
    assert refused.value.code == "message.reported"
    with pytest.raises(Conflict):
        services.sender_trust(member=ada, message_id=pitch.pk)
    pitch.refresh_from_db()
    assert pitch.released_at is None
    assert selectors.exempted_by(ada).count() == 0


def test_a_filtered_request_is_neither_counted_in_requests_nor_announced(
    ada, ben, chidi, django_capture_on_commit_callbacks
):
    from rapport.conversations.notification_kinds import REQUEST_RECEIVED
    from rapport.notifications.models import Notification

    kind = REQUEST_RECEIVED.code

    connect(ada, ben)
    connect(ben, chidi)  # chidi is 2nd degree to ada
    with django_capture_on_commit_callbacks(execute=True):
        send(chidi, ada, PITCH, send_anyway=True)
    counts = selectors.counts_for(ada)
    assert (counts.requests, counts.filtered) == (0, 1)
    assert selectors.folder_for(ada, "requests") == []
    assert not Notification.objects.filter(recipient=ada, kind=kind).exists()
    chidi_too = make_member("dee", "Dee Genuine")
    connect(ben, chidi_too)
    with django_capture_on_commit_callbacks(execute=True):
        send(chidi_too, ada, GENUINE)
    assert selectors.counts_for(ada).requests == 1
    assert Notification.objects.filter(recipient=ada, kind=kind).count() == 1


def test_trusting_a_sender_from_one_message_releases_all_they_had_filtered(ada, ben):
    connect_by_invitation(ben, ada)
    first = send(ben, ada, PITCH, send_anyway=True)
    send(ben, ada, "Hi , thanks for connecting! Let me know if I can help!", send_anyway=True)
    assert services.sender_trust(member=ada, message_id=first.pk) == 2
    assert selectors.counts_for(ada).filtered == 0
    assert [m.pk for m in selectors.exempted_by(ada)] == [ben.pk]
    with pytest.raises(NotFound):  # only the recipient may trust from a message
        services.sender_trust(member=ben, message_id=first.pk)


def test_bulk_near_identical_text_to_many_people_is_flagged(ada):
    people = crowd("bulk", 6)
    for person in people:
        connect(ada, person, days_ago=100)  # old connections: only bulk can flag
    text = (
        "Hi {name}, I am putting together a list of people in our alumni network who might "
        "want to join a reading group on systems design this winter. Interested?"
    )
    for person in people[:4]:
        message = send(ada, person, text.format(name=person.display_name.split()[0]))
        assert not message.held
    # The guard checks the fifth one only because it is a new connection.
    newcomer = make_member("newbie", "Nora Newcomer")
    connect(ada, newcomer)
    with pytest.raises(services.NeedsReview) as warned:
        send(ada, newcomer, text.format(name="Nora"))
    assert warned.value.verdict.flags == ["bulk"]
    assert "4 other people" in warned.value.verdict.reasons[-1]


def test_bulk_does_not_count_a_different_message(ada):
    people = crowd("varied", 5)
    for person in people:
        connect(ada, person)
    texts = [
        "Thanks for the talk on parsers yesterday, the bit about error recovery was new to me.",
        "Congrats on the new lab! Are you still looking for a second reader for the thesis?",
        "The recipe you mentioned at lunch worked, my kids loved it. Thank you!",
        "Could you share the link to the volunteering form for the hackathon?",
        "Here is the photo from the panel, you look great in it.",
    ]
    for person, text in zip(people, texts, strict=True):
        assert not send(ada, person, text).held


# --- message requests ---------------------------------------------------------------------


def test_a_second_degree_member_may_send_one_request_that_waits_in_requests(ada, ben, chidi):
    connect(ada, ben, days_ago=100)
    connect(ben, chidi, days_ago=100)
    message = send(ada, chidi, "Chidi, Ben said you teach ethics; may I ask about your course?")
    conversation = message.conversation
    assert conversation.state == State.REQUEST and message.checked
    assert [r.conversation.pk for r in selectors.folder_for(chidi, "requests")] == [conversation.pk]
    assert selectors.folder_for(chidi, "inbox") == []
    assert selectors.counts_for(chidi).requests == 1
    with pytest.raises(Conflict) as again:
        send(ada, chidi, "Just following up!")
    assert again.value.code == "message.request_pending"
    services.request_accept(member=chidi, conversation_id=conversation.pk)
    assert [r.conversation.pk for r in selectors.folder_for(chidi, "inbox")] == [conversation.pk]
    assert (
        send(
            ada, chidi, "Thank you! My question is how you grade the essays in week three."
        ).conversation_id
        == conversation.pk
    )


def test_a_declined_request_cannot_be_repeated(ada, ben, chidi):
    connect(ada, ben, days_ago=100)
    connect(ben, chidi, days_ago=100)
    cid = send(ada, chidi, "Hello Chidi, a question about your ethics course.").conversation_id
    services.request_decline(member=chidi, conversation_id=cid)
    assert selectors.folder_for(chidi, "requests") == []
    with pytest.raises(Conflict) as refused:
        send(ada, chidi, "Are you sure?")
    assert refused.value.code == "message.request_declined"
    with pytest.raises(Conflict):
        services.request_accept(member=chidi, conversation_id=cid)
    # Connecting later opens the conversation again.
    connect(ada, chidi)
    assert Conversation.objects.get(pk=cid).state == State.DECLINED
    assert (
        send(
            ada, chidi, "Chidi, is the reading list for the ethics course online?"
        ).conversation.state
        == State.OPEN
    )


def test_replying_to_a_request_accepts_it(ada, ben, chidi):
    connect(ada, ben, days_ago=100)
    connect(ben, chidi, days_ago=100)
    cid = send(ada, chidi, "Hello Chidi, a question about your ethics course.").conversation_id
    reply = send(chidi, ada, "Happy to help, what's the question?")
    assert reply.conversation_id == cid and reply.checked and not reply.held
    assert Conversation.objects.get(pk=cid).state == State.OPEN


def test_who_may_message_me(ada, ben, chidi):
    connect(ada, ben, days_ago=100)
    connect(ben, chidi, days_ago=100)
    stranger = make_member("stranger", "Stan Ger")
    services.messaging_preferences_update(member=chidi, who_may_message="connections")
    with pytest.raises(PermissionDenied) as closed:
        send(ada, chidi, "Hello Chidi")
    assert closed.value.code == "message.not_allowed"
    services.messaging_preferences_update(member=chidi, who_may_message="second")
    with pytest.raises(PermissionDenied):
        send(stranger, chidi, "Hello Chidi")
    services.messaging_preferences_update(member=chidi, who_may_message="anyone")
    assert send(stranger, chidi, "Hello Chidi, I read your paper on trolley problems.").pk
    with pytest.raises(ValidationFailed):
        services.messaging_preferences_update(member=chidi, who_may_message="everyone")


def test_requests_count_against_a_weekly_cap(limit, settings, ben):
    limit("conversations.message_requests_per_week", 2)
    asker = make_member("asker", "Asa Asker")
    people = crowd("far", 3)
    for person in people:
        services.messaging_preferences_update(member=person, who_may_message="anyone")
    send(asker, people[0], "Hello, I read your article on hiring and have a question.")
    send(asker, people[1], "Hello, I saw your talk on accessibility and have a question.")
    with pytest.raises(Exception) as capped:
        send(asker, people[2], "Hello, a question about your book on negotiation.")
    assert getattr(capped.value, "code", "") == "message.request_limit"
    assert Conversation.objects.filter(started_by=asker).count() == 2
    # A week later the allowance is back.
    send(
        asker,
        people[2],
        "Hello, a question about your book on negotiation.",
        now=timezone.now() + 8 * DAY,
    )


def test_a_restricted_sender_cannot_send_requests(ada):
    from rapport.limits.models import Standing

    Standing.objects.create(
        member=ada,
        restricted_at=timezone.now(),
        restricted_until=timezone.now() + 10 * DAY,
    )
    other = make_member("open", "Open Door")
    services.messaging_preferences_update(member=other, who_may_message="anyone")
    with pytest.raises(PermissionDenied) as refused:
        send(ada, other, "Hello there, a question about your work.")
    assert refused.value.code == "message.restricted"


# --- blocking -----------------------------------------------------------------------------


def test_a_blocked_member_can_neither_message_nor_invite(ada, ben):
    from rapport.invitations import services as invitations
    from rapport.network.selectors import are_connected
    from rapport.suggestions.selectors import excluded_for

    connect(ada, ben, days_ago=100)
    cid = send(ada, ben).conversation_id
    services.member_block(member=ben, other=ada)
    assert not are_connected(ada.pk, ben.pk)
    assert ada.pk in excluded_for(ben) and ben.pk in excluded_for(ada)
    for sender, recipient in ((ada, ben), (ben, ada)):
        with pytest.raises(PermissionDenied) as blocked:
            send(sender, recipient, "Hello?")
        assert blocked.value.code == "message.blocked"
        with pytest.raises(ValidationFailed) as no_invite:
            invitations.invitation_send(sender=sender, recipient=recipient, how_we_know="other")
        assert no_invite.value.code == "invitation.blocked"
    with pytest.raises(PermissionDenied):
        services.message_send(sender=ada, conversation_id=cid, text="Hello?")
    with pytest.raises(Conflict):
        services.member_block(member=ben, other=ada)
    with pytest.raises(NotFound):
        services.member_unblock(member=ada, other=ben)  # only the blocker can unblock
    services.member_unblock(member=ben, other=ada)
    assert not are_connected(ada.pk, ben.pk)  # the connection does not come back


def test_blocking_ends_pending_invitations_both_ways(ada, ben):
    from rapport.invitations import services as invitations
    from rapport.invitations.models import Invitation
    from rapport.invitations.models import State as InvitationState

    invitation = invitations.invitation_send(sender=ada, recipient=ben, how_we_know="other")
    services.member_block(member=ben, other=ada)
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.IGNORED
    assert not Invitation.objects.filter(state=InvitationState.PENDING).exists()


def test_the_same_short_reply_to_many_is_not_bulk(ada):
    people = crowd("short", 6)
    for person in people:
        connect(ada, person)
    for person in people:
        assert not send(ada, person, "Thanks, talk soon!").held
