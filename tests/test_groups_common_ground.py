"""A shared group where other capabilities look for common ground (issue 17): the note
coach, a message request, the invitation card."""

from __future__ import annotations

import pytest

from rapport.accounts.tests.factories import make_member
from rapport.conversations import services as conversations
from rapport.core.errors import PermissionDenied
from rapport.groups.tests.factories import add_members, make_group
from rapport.invitations.coach import analyze_note as analyze
from rapport.invitations.selectors import note_context, shared_between

pytestmark = pytest.mark.django_db


def test_the_note_coach_recognises_a_real_shared_group_only(ada, ben, chidi):
    group = make_group(ada, "Product Managers Guild", visibility="private")
    add_members(group, ben)
    note = "Hi Ben, your answer in the Product Managers Guild on discovery helped me a lot."
    shared = analyze(note, note_context(sender=ada, recipient=ben))
    assert any("Mentions something you share: Product Managers Guild" in r for r in shared.reasons)
    # Chidi is not in it: the group's name is no shared history with him.
    alone = analyze(note.replace("Ben", "Chidi"), note_context(sender=ada, recipient=chidi))
    assert not any("Product Managers Guild" in r for r in alone.reasons)
    assert shared_between(viewer=ben, other=ada).groups == ["Product Managers Guild"]


def test_a_fellow_group_member_may_ask_to_message_within_the_usual_rules(ada, ben):
    stranger = make_member("stranger", "Stan Ger")
    conversations.messaging_preferences_update(member=ben, who_may_message="second")
    with pytest.raises(PermissionDenied):
        conversations.message_send(
            sender=stranger, recipient=ben, text="Hello Ben, a question on roadmaps."
        )
    group = make_group(ada, "Product Managers Guild")
    add_members(group, ben, stranger)
    sent = conversations.message_send(
        sender=stranger,
        recipient=ben,
        text="Hello Ben, we are both in the PM Guild; a question on roadmaps.",
    )
    assert sent.conversation.state == "request"  # a request, counted and guarded as any
    conversations.messaging_preferences_update(member=ada, who_may_message="connections")
    with pytest.raises(PermissionDenied):
        conversations.message_send(sender=stranger, recipient=ada, text="Hello Ada, a question.")
