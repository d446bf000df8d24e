"""Random sequences of invitation actions keep Rapport's promises (hypothesis, stateful)."""

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from rapport.core.errors import RapportError
from rapport.invitations import services
from rapport.invitations.models import Invitation, State
from rapport.invitations.selectors import standing_for
from rapport.invitations.tests.factories import T0, crowd, tighten
from rapport.limits.services import restrictions_lift_due
from rapport.network.models import Connection

N = 5
DAILY, WEEKLY = 3, 5


class InvitationMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        tighten(
            daily_cap=DAILY,
            weekly_cap=WEEKLY,
            throttled_weekly_cap=2,
            throttle_min_decided=4,
            restrict_negatives=2,
            restriction_days=5,
            cooldown_days=3,
            expiry_days=10,
        )
        self.members = crowd("p", N)
        self.now = T0
        # (invitation id, sender id, restricted when sent)
        self.sent: list[tuple[int, int, bool]] = []

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    @rule(i=st.integers(0, N - 1), j=st.integers(0, N - 1), with_email=st.booleans())
    def send(self, i: int, j: int, with_email: bool) -> None:
        sender, recipient = self.members[i], self.members[j]
        restricted = standing_for(sender, now=self.now).restricted
        email = recipient.email if with_email else None
        try:
            invitation = services.invitation_send(
                sender=sender, recipient=recipient, recipient_email=email, now=self.now
            )
        except RapportError:
            return
        if invitation.sender_id == sender.pk:  # not an acceptance of theirs
            self.sent.append((invitation.pk, sender.pk, restricted))

    @precondition(lambda self: self.sent)
    @rule(
        k=st.integers(0, 50),
        how=st.sampled_from(["accept", "ignore", "decline", "report", "withdraw"]),
    )
    def answer(self, k: int, how: str) -> None:
        pk, _sender_id, _ = self.sent[k % len(self.sent)]
        invitation = Invitation.objects.get(pk=pk)
        actor = invitation.sender if how == "withdraw" else invitation.recipient
        try:
            getattr(services, f"invitation_{how}")(member=actor, invitation_id=pk, now=self.now)
        except RapportError as exc:
            # Refused only when already answered, when the sender withdraws an answered
            # one, or when it is past its age and waiting for housekeeping.
            assert (
                invitation.state != State.PENDING
                or how == "withdraw"
                or exc.code == "invitation.expired"
            )

    @rule(hours=st.integers(1, 24 * 4))
    def wait(self, hours: int) -> None:
        self.now += dt.timedelta(hours=hours)
        services.invitations_expire_due(now=self.now)
        restrictions_lift_due(now=self.now)

    @invariant()
    def one_connection_per_pair_and_no_invitation_to_a_connection(self) -> None:
        pairs = list(Connection.objects.values_list("member_low_id", "member_high_id"))
        assert len(pairs) == len(set(pairs))
        for low, high in pairs:
            assert not Invitation.objects.filter(
                state=State.PENDING, sender_id__in=(low, high), recipient_id__in=(low, high)
            ).exists()

    @invariant()
    def caps_are_never_exceeded(self) -> None:
        for member in self.members:
            times = sorted(
                Invitation.objects.filter(sender=member).values_list("created_at", flat=True)
            )
            for k, t in enumerate(times):
                in_day = [u for u in times[: k + 1] if u > t - dt.timedelta(days=1)]
                in_week = [u for u in times[: k + 1] if u > t - dt.timedelta(days=7)]
                assert len(in_day) <= DAILY and len(in_week) <= WEEKLY

    @invariant()
    def restricted_senders_never_bypass_the_email_check(self) -> None:
        for pk, _sender, restricted in self.sent:
            if restricted:
                assert Invitation.objects.get(pk=pk).email_confirmed


InvitationMachine.TestCase.settings = settings(
    max_examples=30,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.django_db
def test_random_invitation_sequences_keep_the_invariants() -> None:
    InvitationMachine.TestCase().runTest()
