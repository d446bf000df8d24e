"""Which messages the first-contact guard checks: the first messages after two members
connect — or after a message request is accepted — whichever side writes them.

Issue 11: after Zoe accepted Ada's invitation, Zoe's pitch reached Ada unfiltered while
the same text from Ada was filtered.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from rapport.accounts.models import User
from rapport.accounts.tests.factories import make_member
from rapport.conversations import selectors, services
from rapport.conversations.models import Message
from rapport.conversations.tests.factories import DAY, GENUINE, connect, connect_by_invitation

pytestmark = pytest.mark.django_db

ZOES_PITCH = (
    "Hi , I help companies like yours grow revenue with outbound campaigns that convert. "
    "Reply here to book a quick demo this week."
)


@pytest.fixture
def zoe(db):
    return make_member("zoe", "Zoe Adeyemi", headline="Growth consultant")


def send(sender: User, recipient: User, text: str, **kwargs) -> Message:
    return services.message_send(sender=sender, recipient=recipient, text=text, **kwargs)


@pytest.mark.parametrize("who_invited", ["ada", "zoe"])
def test_the_first_message_after_connecting_is_checked_whichever_side_sends_it(
    ada, zoe, who_invited
):
    inviter, invitee = (ada, zoe) if who_invited == "ada" else (zoe, ada)
    connect_by_invitation(inviter, invitee)
    for sender, recipient in ((invitee, inviter), (inviter, invitee)):
        with pytest.raises(services.NeedsReview) as warned:
            send(sender, recipient, ZOES_PITCH)
        assert {"pitch", "automated"} <= set(warned.value.verdict.flags)
    assert Message.objects.count() == 0  # warned, nothing written


def test_the_side_who_accepted_sent_anyway_lands_in_filtered(ada, zoe):
    connect_by_invitation(ada, zoe)  # Ada invited, Zoe accepted
    message = send(zoe, ada, ZOES_PITCH, send_anyway=True)
    assert message.checked and message.held
    assert selectors.folder_for(ada, "inbox") == []
    assert [r.conversation.pk for r in selectors.folder_for(ada, "filtered")] == [
        message.conversation_id
    ]
    genuine = send(ada, zoe, GENUINE)
    assert genuine.checked and not genuine.held


def test_neither_side_is_checked_once_the_guard_period_is_over(ada, zoe):
    connect_by_invitation(ada, zoe)
    later = timezone.now() + 15 * DAY
    for sender, recipient in ((zoe, ada), (ada, zoe)):
        message = send(sender, recipient, ZOES_PITCH, now=later)
        assert not message.checked and not message.held


def test_after_a_request_is_accepted_both_sides_are_checked(ada, ben, zoe):
    connect(ada, ben, days_ago=100)
    connect(ben, zoe, days_ago=100)
    request = send(ada, zoe, "Zoe, Ben said you run growth at Tidewater; may I ask you a thing?")
    services.request_accept(member=zoe, conversation_id=request.conversation_id)
    for sender, recipient in ((zoe, ada), (ada, zoe)):
        with pytest.raises(services.NeedsReview):
            send(sender, recipient, ZOES_PITCH)


def test_a_reply_that_accepts_a_request_is_checked_too(ada, ben, zoe):
    connect(ada, ben, days_ago=100)
    connect(ben, zoe, days_ago=100)
    send(ada, zoe, "Zoe, Ben said you run growth at Tidewater; may I ask you a thing?")
    with pytest.raises(services.NeedsReview):
        send(zoe, ada, ZOES_PITCH)
    reply = send(zoe, ada, "Of course, Ada. Ask away.")
    assert reply.checked and not reply.held


def test_the_bulk_reason_is_worded_for_its_numbers(limit, ada, settings):
    limit("conversations.bulk_recipients", 2)
    limit("conversations.bulk_days", 1)
    text = (
        "Hi {name}, I am putting together a list of people in our alumni network who might "
        "want to join a reading group on systems design this winter. Interested?"
    )
    first = make_member("first", "Fola First")
    connect(ada, first, days_ago=100)  # an old connection: not checked
    send(ada, first, text.format(name="Fola"))
    newcomer = make_member("newbie", "Nora Newcomer")
    connect(ada, newcomer)
    with pytest.raises(services.NeedsReview) as warned:
        send(ada, newcomer, text.format(name="Nora"))
    assert warned.value.verdict.reasons[-1] == (
        "Near-identical text went to 1 other person in the last day"
    )


def test_a_courtesy_reply_is_an_answer_but_a_slot_in_a_reply_is_still_a_template(ada, zoe):
    connect(ada, zoe)
    # Opening with nothing but thanks reads as the stock welcome it usually is...
    with pytest.raises(services.NeedsReview) as warned:
        send(zoe, ada, "Thanks!")
    assert warned.value.verdict.flags == ["automated"]
    send(ada, zoe, "Hi Zoe, how is the new studio in Leeds going? Did the kiln arrive?")
    # ...but answering the other person's message with it is manners.
    reply = send(zoe, ada, "Thanks!")
    assert reply.checked and not reply.held
    # Whoever started: Ada answering Zoe is an answer too; writing again before any
    # answer is not.
    assert not send(ada, zoe, "Great, thanks!").held
    with pytest.raises(services.NeedsReview):
        send(ada, zoe, "Thanks!")


def test_a_template_is_one_in_a_reply_too_when_a_rule_names_it(ada, zoe):
    connect(ada, zoe)
    send(ada, zoe, "Hi Zoe, how is the new studio in Leeds going? Did the kiln arrive?")
    for template in (
        "Hi {first_name}, thanks for your message!",  # a slot left in
        "Thanks for connecting! Let me know if I can help.",  # the stock clauses
    ):
        with pytest.raises(services.NeedsReview) as warned:
            send(zoe, ada, template)
        assert "automated" in warned.value.verdict.flags
