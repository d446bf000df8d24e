"""Introductions through the services: consent at every hop, time-outs, limits, privacy."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rapport.accounts.tests.factories import make_member
from rapport.conversations import selectors as conversations
from rapport.conversations.tests.factories import connect
from rapport.core import limits
from rapport.core.errors import Conflict, LimitReached, NotFound, PermissionDenied, ValidationFailed
from rapport.notifications.models import Notification
from rapport.trust import selectors, services
from rapport.trust.models import Introduction, IntroductionState, StepState
from rapport.trust.tests.factories import ask, chain

pytestmark = pytest.mark.django_db


def states(intro):
    return [s.state for s in intro.steps.order_by("position")]


def test_only_the_first_introducer_is_asked_until_they_forward(ada, ben, chidi):
    dee = chain(ada, ben, chidi, dee=True)
    assert dee is not None
    intro = ask(ada, dee, [ada, ben, chidi, dee])
    assert states(intro) == [StepState.ASKED, StepState.WAITING, StepState.WAITING]
    # Chidi and Dee see nothing yet: not asked, not told.
    for member in (chidi, dee):
        with pytest.raises(NotFound):
            selectors.introduction_for(member, intro.pk)
        assert selectors.introductions_of(member) == {"to_answer": [], "mine": [], "past": []}
    services.introduction_forward(member=ben, introduction_id=intro.pk, note="I'll vouch for Ada.")
    assert states(intro) == [StepState.FORWARDED, StepState.ASKED, StepState.WAITING]
    with pytest.raises(NotFound):
        selectors.introduction_for(dee, intro.pk)


def test_a_hop_sees_who_asked_them_but_not_the_rest_of_the_chain(ada, ben, chidi):
    dee = chain(ada, ben, chidi, dee=True)
    assert dee is not None
    intro = ask(ada, dee, [ada, ben, chidi, dee])
    services.introduction_forward(member=ben, introduction_id=intro.pk, note="Ada is great.")
    chidis = selectors.introduction_for(chidi, intro.pk)
    assert chidis.role == "introducer"
    # Who asked them, themselves, and whom they would pass it to: never Ada's first hop's
    # predecessors or anyone else.
    assert [s.member_id for s in chidis.steps] == [ben.pk, chidi.pk, dee.pk]
    bens = selectors.introduction_for(ben, intro.pk)
    assert [s.member_id for s in bens.steps] == [ben.pk, chidi.pk]
    assert chidis.brought_by is not None and chidis.brought_by.note == "Ada is great."
    services.introduction_forward(member=chidi, introduction_id=intro.pk, note="Worth a coffee.")
    dees = selectors.introduction_for(dee, intro.pk)
    assert dees.role == "target"
    # The target sees the introducer who brought it, never Ben further back.
    assert [s.member_id for s in dees.steps] == [chidi.pk, dee.pk]
    assert ben.pk not in {s.member_id for s in dees.steps}


def test_the_target_accepts_and_a_conversation_opens_with_the_introducer(ada, ben, chidi):
    chain(ada, ben, chidi)
    intro = ask(ada, chidi, [ada, ben, chidi])
    services.introduction_forward(member=ben, introduction_id=intro.pk, note="I'll vouch for her.")
    with pytest.raises(Conflict):  # an introducer cannot accept for the target
        services.introduction_accept(member=ben, introduction_id=intro.pk)
    services.introduction_accept(member=chidi, introduction_id=intro.pk)
    intro.refresh_from_db()
    assert intro.state == IntroductionState.ACCEPTED and intro.open_slot is None
    assert intro.conversation is not None
    for member in (ada, ben, chidi):
        convo = conversations.conversation_for(member, intro.conversation.pk)
        first = conversations.messages_for(member, convo)[0]
        assert "I'll vouch for her." in first.text and "migration playbook" in first.text
    outsider = make_member("eve", "Eve Outsider")
    with pytest.raises(NotFound):
        conversations.conversation_for(outsider, intro.conversation.pk)
    assert conversations.counts_for(ada).unread == 1


def test_a_decline_reads_could_not_help_and_frees_the_slot(ada, ben, chidi):
    chain(ada, ben, chidi)
    intro = ask(ada, chidi, [ada, ben, chidi])
    services.introduction_decline(member=ben, introduction_id=intro.pk)
    intro.refresh_from_db()
    assert intro.state == IntroductionState.STOPPED
    assert intro.get_state_display() == "Could not help this time"
    assert states(intro) == [StepState.DECLINED, StepState.SKIPPED]
    with pytest.raises(NotFound):  # chidi was never contacted
        selectors.introduction_for(chidi, intro.pk)
    with pytest.raises(Conflict):
        services.introduction_forward(member=ben, introduction_id=intro.pk, note="Oops, yes")
    again = ask(ada, chidi, [ada, ben, chidi])  # the pair may ask again
    assert again.state == IntroductionState.PENDING


def test_the_target_declining(ada, ben, chidi):
    chain(ada, ben, chidi)
    intro = ask(ada, chidi, [ada, ben, chidi])
    services.introduction_forward(member=ben, introduction_id=intro.pk, note="Good person.")
    services.introduction_decline(member=chidi, introduction_id=intro.pk)
    intro.refresh_from_db()
    assert intro.state == IntroductionState.DECLINED and intro.conversation is None


def test_a_hop_that_does_not_answer_times_out(ada, ben, chidi, settings):
    chain(ada, ben, chidi)
    start = timezone.now()
    intro = ask(ada, chidi, [ada, ben, chidi], now=start)
    assert services.introductions_expire(now=start + dt.timedelta(days=6)) == 0
    later = start + dt.timedelta(days=limits.value("trust.introduction_hop_days"), minutes=1)
    assert services.introductions_expire(now=later) == 1
    assert services.introductions_expire(now=later) == 0  # idempotent
    intro.refresh_from_db()
    assert intro.state == IntroductionState.STOPPED
    assert states(intro) == [StepState.TIMED_OUT, StepState.SKIPPED]


def test_withdrawing(ada, ben, chidi):
    chain(ada, ben, chidi)
    intro = ask(ada, chidi, [ada, ben, chidi])
    with pytest.raises(NotFound):
        services.introduction_withdraw(member=ben, introduction_id=intro.pk)
    services.introduction_withdraw(member=ada, introduction_id=intro.pk)
    intro.refresh_from_db()
    assert intro.state == IntroductionState.WITHDRAWN
    with pytest.raises(Conflict):
        services.introduction_forward(member=ben, introduction_id=intro.pk, note="Sure")


def test_refusals_change_nothing(ada, ben, chidi):
    chain(ada, ben, chidi)
    with pytest.raises(ValidationFailed) as short:
        ask(ada, chidi, [ada, ben, chidi], reason="hi")
    assert short.value.code == "introduction.text_required"
    with pytest.raises(ValidationFailed) as bad_route:
        ask(ada, chidi, [ada, chidi])  # chidi is not a connection of ada's to ask first
    assert bad_route.value.code == "introduction.bad_route"
    with pytest.raises(Conflict) as connected:
        ask(ada, ben, [ada, ben])
    assert connected.value.code == "introduction.connected"
    stranger = make_member("zed", "Zed Far")
    with pytest.raises(ValidationFailed) as far:
        ask(ada, stranger, [ada, stranger])
    assert far.value.code == "introduction.no_path"
    with pytest.raises(ValidationFailed):
        ask(ada, ada, [ada])
    ask(ada, chidi, [ada, ben, chidi])
    with pytest.raises(Conflict) as twice:
        ask(ada, chidi, [ada, ben, chidi])
    assert twice.value.code == "introduction.pending"
    assert Introduction.objects.count() == 1


def test_a_restricted_requester_cannot_ask(ada, ben, chidi):
    from rapport.limits.models import Standing

    chain(ada, ben, chidi)
    Standing.objects.update_or_create(
        member=ada,
        defaults={
            "restricted_at": timezone.now(),
            "restricted_until": timezone.now() + dt.timedelta(days=30),
        },
    )
    with pytest.raises(PermissionDenied) as refused:
        ask(ada, chidi, [ada, ben, chidi])
    assert refused.value.code == "introduction.restricted"
    assert Introduction.objects.count() == 0


def test_open_requests_per_requester_are_capped(limit, ada, ben, settings):
    limit("trust.introductions_open_per_member", 2)
    connect(ada, ben)
    targets = [make_member(f"t{i}", f"Target {i}") for i in range(3)]
    for t in targets:
        connect(ben, t)
    first = ask(ada, targets[0], [ada, ben, targets[0]])
    ask(ada, targets[1], [ada, ben, targets[1]])
    with pytest.raises(LimitReached) as capped:
        ask(ada, targets[2], [ada, ben, targets[2]])
    assert capped.value.code == "introduction.open_limit"
    services.introduction_withdraw(member=ada, introduction_id=first.pk)
    assert ask(ada, targets[2], [ada, ben, targets[2]]).open_slot == 0


def test_an_introducer_is_asked_at_most_so_often_a_week(limit, ben, settings):
    limit("trust.introductions_per_introducer_week", 2)
    askers = [make_member(f"a{i}", f"Asker {i}") for i in range(3)]
    target = make_member("tt", "Popular Target")
    connect(ben, target)
    for a in askers:
        connect(a, ben)
    ask(askers[0], target, [askers[0], ben, target])
    ask(askers[1], target, [askers[1], ben, target])
    with pytest.raises(LimitReached) as busy:
        ask(askers[2], target, [askers[2], ben, target])
    assert busy.value.code == "introduction.introducer_busy"
    assert Introduction.objects.filter(requester=askers[2]).count() == 0


def test_notifications_at_every_step(ada, ben, chidi, django_capture_on_commit_callbacks):
    chain(ada, ben, chidi)
    with django_capture_on_commit_callbacks(execute=True):
        intro = ask(ada, chidi, [ada, ben, chidi])
    assert Notification.objects.filter(recipient=ben, kind="introductions.asked").count() == 1
    assert (
        not Notification.objects.filter(recipient=chidi).filter(kind__startswith="intro").exists()
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.introduction_forward(member=ben, introduction_id=intro.pk, note="Vouch.")
    assert Notification.objects.filter(recipient=chidi, kind="introductions.to_target").exists()
    assert Notification.objects.filter(recipient=ada, kind="introductions.forwarded").exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.introduction_accept(member=chidi, introduction_id=intro.pk)
    for member in (ada, ben):
        assert Notification.objects.filter(recipient=member, kind="introductions.accepted").exists()


def test_accepted_introductions_feed_credibility(
    ada, ben, chidi, django_capture_on_commit_callbacks
):
    chain(ada, ben, chidi)
    services.trust_recompute(member=ada)
    before = selectors.trust_of_connection(ada, ben).credibility
    with django_capture_on_commit_callbacks(execute=True):
        intro = ask(ada, chidi, [ada, ben, chidi])
        services.introduction_forward(member=ben, introduction_id=intro.pk, note="Vouch.")
        services.introduction_accept(member=chidi, introduction_id=intro.pk)
    after = selectors.trust_of_connection(ada, ben)
    assert after.credibility == before + 5
    assert any("introduction" in r["text"] for r in after.reasons)


def test_paths_are_ranked_by_the_weakest_hop_and_weak_ties_are_named(ada, ben, chidi):
    from rapport.conversations import services as messaging
    from rapport.conversations.tests.factories import GENUINE

    chain(ada, ben, chidi)
    kim = make_member("kim", "Kim Strong")
    connect(ada, kim, days_ago=10)
    connect(kim, chidi, days_ago=10)
    for a, b in ((ada, kim), (kim, chidi)):
        messaging.message_send(sender=a, recipient=b, text=GENUINE)
        messaging.message_send(sender=b, recipient=a, text="Thanks, that was useful.")
    for m in (ada, ben, kim):
        services.trust_recompute(member=m)
    proposals = selectors.path_proposals(ada, chidi)
    assert [p.ids for p in proposals] == [[ada.pk, kim.pk, chidi.pk], [ada.pk, ben.pk, chidi.pk]]
    assert not proposals[0].weak and proposals[1].weak
    assert "You have never exchanged a message with Ben." in proposals[1].warnings


def test_a_private_connection_list_is_never_a_step(ada, ben, chidi):
    from rapport.members.services import privacy_update

    chain(ada, ben, chidi)
    privacy_update(member=ben, connections_visibility="only_me")
    assert selectors.path_proposals(ada, chidi) == []
    with pytest.raises(ValidationFailed) as refused:
        ask(ada, chidi, [ada, ben, chidi])
    assert refused.value.code == "introduction.no_path"


def test_a_route_never_passes_a_middle_hop_whose_list_the_requester_cannot_see(ada, ben, chidi):
    from rapport.members.services import privacy_update

    dee = chain(ada, ben, chidi, dee=True)
    assert dee is not None
    # Chidi shows his list to his connections only: a route through him would tell Ada
    # that one of Ben's connections knows Dee, which is Chidi's list read by inference.
    privacy_update(member=chidi, connections_visibility="connections")
    assert selectors.path_proposals(ada, dee) == []
    with pytest.raises(ValidationFailed) as refused:
        ask(ada, dee, [ada, ben, chidi, dee])
    assert refused.value.code == "introduction.no_path"
    privacy_update(member=chidi, connections_visibility="everyone")
    assert selectors.path_proposals(ada, dee)[0].labels == ["Ben Okafor", "Chidi Anagonye"]


def test_after_acceptance_only_the_last_introducer_joins_the_conversation(ada, ben, chidi):
    dee = chain(ada, ben, chidi, dee=True)
    assert dee is not None
    intro = ask(ada, dee, [ada, ben, chidi, dee])
    services.introduction_forward(member=ben, introduction_id=intro.pk, note="Ben's words.")
    services.introduction_forward(member=chidi, introduction_id=intro.pk, note="Chidi's words.")
    services.introduction_accept(member=dee, introduction_id=intro.pk)
    intro.refresh_from_db()
    assert intro.conversation is not None
    with pytest.raises(NotFound):
        conversations.conversation_for(ben, intro.conversation.pk)
    convo = conversations.conversation_for(dee, intro.conversation.pk)
    text = conversations.messages_for(dee, convo)[0].text
    assert "Chidi's words." in text and "Ben" not in text


def test_blocked_members_are_never_on_a_route_nor_asked(ada, ben, chidi):
    from rapport.conversations.services import member_block

    chain(ada, ben, chidi)
    member_block(member=chidi, other=ada)  # chidi blocked ada: no route, no request
    assert selectors.path_proposals(ada, chidi) == []
    with pytest.raises(ValidationFailed) as refused:
        ask(ada, chidi, [ada, ben, chidi])
    assert refused.value.code == "introduction.no_path"


def test_a_hop_who_blocks_the_requester_mid_chain_cannot_be_reached(ada, ben, chidi):
    from rapport.conversations.services import member_block

    dee = chain(ada, ben, chidi, dee=True)
    assert dee is not None
    intro = ask(ada, dee, [ada, ben, chidi, dee])
    member_block(member=chidi, other=ada)
    with pytest.raises(Conflict) as refused:
        services.introduction_forward(member=ben, introduction_id=intro.pk, note="Sure.")
    assert refused.value.code == "introduction.unreachable"
    assert states(intro) == [StepState.ASKED, StepState.WAITING, StepState.WAITING]


def test_a_busy_next_introducer_refuses_the_forward_and_changes_nothing(
    limit, ada, ben, chidi, settings
):
    limit("trust.introductions_per_introducer_week", 1)
    dee = chain(ada, ben, chidi, dee=True)
    assert dee is not None
    other = make_member("olu", "Olu Other")
    connect(other, chidi)
    connect(other, make_member("far", "Far Away"))
    ask(other, dee, [other, chidi, dee])  # chidi's one request this week
    intro = ask(ada, dee, [ada, ben, chidi, dee])
    with pytest.raises(LimitReached) as busy:
        services.introduction_forward(member=ben, introduction_id=intro.pk, note="Sure.")
    assert busy.value.code == "introduction.introducer_busy"
    assert states(intro) == [StepState.ASKED, StepState.WAITING, StepState.WAITING]


def test_everyone_who_vouched_hears_when_it_ends_and_the_asked_hop_when_withdrawn(
    ada, ben, chidi, django_capture_on_commit_callbacks
):
    chain(ada, ben, chidi)
    with django_capture_on_commit_callbacks(execute=True):
        intro = ask(ada, chidi, [ada, ben, chidi])
        services.introduction_forward(member=ben, introduction_id=intro.pk, note="Vouch.")
        services.introduction_decline(member=chidi, introduction_id=intro.pk)
    assert Notification.objects.filter(recipient=ben, kind="introductions.ended").exists()
    assert Notification.objects.filter(recipient=ada, kind="introductions.not_accepted").exists()
    with django_capture_on_commit_callbacks(execute=True):
        second = ask(ada, chidi, [ada, ben, chidi])
        services.introduction_withdraw(member=ada, introduction_id=second.pk)
    assert Notification.objects.filter(recipient=ben, kind="introductions.withdrawn").exists()
