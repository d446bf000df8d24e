"""Readers for what passed between the member and others: invitations, standing,
messages, trust, introductions."""

from __future__ import annotations

from django.db.models import Q

from rapport.accounts.models import User
from rapport.dataexport.collectors.common import Row, plain, rows_of, tagged


def invitations_sent(member: User) -> list[Row]:
    from rapport.invitations.models import Invitation
    from rapport.invitations.selectors.inbox import state_seen_by

    rows = []
    for invitation in (
        Invitation.objects.filter(sender=member).select_related("recipient").order_by("pk")
    ):
        rows.append(
            {
                "to": invitation.recipient.handle,
                "name": invitation.recipient.display_name,
                "how_we_know": invitation.how_we_know,
                "how_detail": invitation.how_detail,
                "note": invitation.note,
                # As the sender sees it: ignored, "I don't know them" and reported all
                # read "not accepted" (the recipient's answer is theirs).
                "state": state_seen_by(invitation, member.pk),
                "sent_at": plain(invitation.created_at),
                "answered_at": plain(invitation.decided_at)
                if state_seen_by(invitation, member.pk) == invitation.state
                else None,
            }
        )
    return rows


def invitations_received(member: User) -> list[Row]:
    from rapport.invitations.models import Invitation

    return rows_of(
        Invitation.objects.filter(recipient=member).order_by("pk"),
        sender="sender__handle",
        name="sender__display_name",
        how_we_know="how_we_know",
        how_detail="how_detail",
        note="note",
        state="state",
        sent_at="created_at",
        answered_at="decided_at",
    )


def invitation_messages(member: User) -> list[Row]:
    """The threads on invitations the member sent or received: both sides' lines."""
    from rapport.invitations.models import InvitationMessage

    return rows_of(
        InvitationMessage.objects.filter(
            Q(invitation__sender=member) | Q(invitation__recipient=member)
        ).order_by("invitation_id", "created_at", "pk"),
        invitation="invitation_id",
        author="author__handle",
        text="text",
        at="created_at",
    )


def standing(member: User) -> list[Row]:
    from rapport.invitations.models import Appeal
    from rapport.limits.models import Complaint, ComplaintSource, Sanction, Standing

    rows = tagged(
        "standing",
        rows_of(
            Standing.objects.filter(member=member),
            restricted_at="restricted_at",
            restricted_until="restricted_until",
            warned_at="warned_at",
            throttled_since="throttled_since",
        ),
    )
    # Reports about the member: the day and the reason, as the standing page shows them;
    # never who made them, nor what or when to the minute (which could point to them).
    rows += tagged(
        "report_about_you",
        [
            {"day": at.date().isoformat(), "reason": reason}
            for at, reason in Complaint.objects.filter(member=member)
            # An invitation reported as spam is an answer, and answers stay private.
            .exclude(source=ComplaintSource.INVITATION)
            .order_by("created_at")
            .values_list("created_at", "reason")
        ],
    )
    rows += tagged(
        "report_you_made",
        rows_of(
            Complaint.objects.filter(reporter=member).order_by("created_at"),
            about="member__handle",
            source="source",
            reason="reason",
            at="created_at",
        ),
    )
    rows += tagged(
        "appeal",
        rows_of(
            Appeal.objects.filter(member=member).order_by("created_at"),
            text="text",
            state="state",
            at="created_at",
            decided_at="decided_at",
            moderator_note="moderator_note",
        ),
    )
    # Moderators' decisions about the member and their appeals (never which moderator).
    rows += tagged(
        "moderator_decision",
        rows_of(
            Sanction.objects.filter(member=member).order_by("starts_at", "pk"),
            kind="kind",
            capability="capability",
            about="source",
            reason="reason",
            starts_at="starts_at",
            ends_at="ends_at",
            lifted_at="lifted_at",
            appeal="appeal_text",
            appeal_state="appeal_state",
            appeal_answer="appeal_note",
        ),
    )
    return rows


def conversations(member: User) -> list[Row]:
    from rapport.conversations.models import Participant

    rows = rows_of(
        Participant.objects.filter(member=member).order_by("conversation_id"),
        conversation="conversation_id",
        state="conversation__state",
        started_by="conversation__started_by__handle",
        joined_at="joined_at",
        last_read_at="last_read_at",
        archived="archived",
    )
    return rows


def messages(member: User) -> list[Row]:
    from rapport.conversations.selectors import visible_messages

    rows = rows_of(
        visible_messages(member).order_by("conversation_id", "created_at", "pk"),
        conversation="conversation_id",
        sender="sender__handle",
        text="text",
        at="created_at",
        held_by_the_guard="held",
    )
    for row in rows:
        # A sender never learns that the recipient's guard held their message (it would
        # reveal the recipient's setting and teach a spammer what passes).
        if row["sender"] == member.handle:
            row["held_by_the_guard"] = None
    return rows


def trust_given(member: User) -> list[Row]:
    from rapport.trust.models import TrustScore

    return rows_of(
        TrustScore.objects.filter(member=member).order_by("-score", "other__handle"),
        connection="other__handle",
        score="score",
        rapport="rapport",
        credibility="credibility",
        risk="risk",
        a_network="a_network",
        last_contact_at="last_contact_at",
        reasons="reasons",
        computed_at="computed_at",
    )


def introductions(member: User) -> list[Row]:
    """Introductions the member asked for, and those that reached them: a member later
    in the chain sees nothing until the one before forwards (the same as their pages),
    so only steps they were asked, and introductions where such a step is theirs."""
    from rapport.trust.models import Introduction, IntroductionStep

    reached = IntroductionStep.objects.filter(member=member, asked_at__isnull=False)
    asked = rows_of(
        Introduction.objects.filter(
            Q(requester=member) | Q(pk__in=reached.values("introduction_id"))
        ).order_by("pk"),
        introduction="id",
        requester="requester__handle",
        target="target__handle",
        reason="reason",
        offer="offer",
        state="state",
        at="created_at",
        decided_at="decided_at",
    )
    for row in asked:
        row["your_part"] = "asked" if row["requester"] == member.handle else "asked to help"
        if row["target"] == member.handle:
            row["your_part"] = "target"
    steps = rows_of(
        reached.order_by("asked_at", "pk"),
        introduction="introduction_id",
        your_part="role",
        state="state",
        note="note",
        at="asked_at",
        decided_at="answered_at",
    )
    return tagged("introduction", asked) + tagged("step", steps)
