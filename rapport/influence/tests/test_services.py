"""Scores from real responses in the database: the daily pass, one member after an event,
the week's reasons, the fixed cost of reading, and who may see a score."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rapport.accounts.tests.factories import make_member
from rapport.core.tests.test_api import as_member, assert_error
from rapport.influence import selectors, services
from rapport.influence.facts import gather
from rapport.influence.models import Influence, InfluenceDay
from rapport.influence.scoring import Community, parts_of, ranks
from rapport.posts.services import comment_add, post_publish, reaction_set, repost_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowd(db):
    return [make_member(f"p{i}", f"Person {i}") for i in range(8)]


def _post_with_responses(author, people, kinds=("reaction",)):
    post = post_publish(author=author, body="How we hire: a write-up.")
    for i, person in enumerate(people):
        kind = kinds[i % len(kinds)]
        if kind == "reaction":
            reaction_set(member=person, post_id=post.pk)
        elif kind == "comment":
            comment_add(member=person, post_id=post.pk, body="Useful, thank you.")
        else:
            repost_create(member=person, original_id=post.pk, body="Worth reading.")
    return post


def test_the_daily_pass_ranks_members_by_how_people_respond(ada, ben, chidi, crowd):
    _post_with_responses(ada, crowd[:6], kinds=("reaction", "comment", "share"))
    _post_with_responses(ben, crowd[:2])
    assert services.influence_recompute_all() >= 11
    scores = dict(Influence.objects.values_list("member__handle", "score"))
    assert scores["ada"] == 100
    assert scores["ada"] > scores["ben"] > scores["chidi"] == 1
    assert InfluenceDay.objects.filter(member=ada, day=timezone.now().date()).exists()
    counts = Influence.objects.get(member=ada).counts
    assert (counts["responders"], counts["shared"], counts["commented"]) == (6, 2, 2)


def test_one_member_recomputed_after_an_event_ranks_as_the_daily_pass_would(ada, ben, crowd):
    _post_with_responses(ada, crowd[:4])
    _post_with_responses(ben, crowd[:2])
    services.influence_recompute_all()
    daily = Influence.objects.get(member=ada).score
    assert services.influence_recompute(member=ada).score == daily


def test_between_daily_passes_responders_weigh_as_the_last_pass_weighed_them(ada, ben, crowd):
    """Responders who are themselves answered weigh more; one member's recompute right
    after the daily pass weighs them as that pass did (their score before it), so it
    gives the same raw value and score."""
    _post_with_responses(ada, crowd[:4])
    _post_with_responses(crowd[0], [*crowd[4:8], ben], kinds=("comment",))
    _post_with_responses(ben, crowd[5:7])
    services.influence_recompute_all()  # yesterday's pass, say
    services.influence_recompute_all()
    weighed = Influence.objects.get(member=crowd[0])
    assert weighed.standing > 1
    daily = Influence.objects.get(member=ada)
    # Their scores moved since (recomputed after events of their own): not used until the
    # next daily pass.
    Influence.objects.filter(member__in=crowd).update(score=2)
    again = services.influence_recompute(member=ada)
    assert (again.raw, again.score) == (daily.raw, daily.score)


def test_one_member_agrees_with_the_daily_pass_with_a_pod_and_a_deleted_repost(ada, ben, crowd):
    """The one-member path reads whom the member answered itself: it must count what the
    daily pass counts — a pod damped the same, a deleted repost not at all."""
    from rapport.posts.services import post_delete

    pod = [ada, *crowd[:3]]
    posts = {m.pk: post_publish(author=m, body=f"Notes from {m.handle}.") for m in pod}
    for member in pod:
        for other in pod:
            if other != member:
                reaction_set(member=member, post_id=posts[other.pk].pk)
    _post_with_responses(ada, [*crowd[4:7], ben])
    # Ben answers Ada and crowd[0], who answers him back (his closeness: 1/2);
    # Ada reposted Ben and deleted it: she has not answered him, so he is not damped.
    bens = _post_with_responses(ben, [crowd[0]])
    reaction_set(member=ben, post_id=posts[crowd[0].pk].pk)
    deleted = repost_create(member=ada, original_id=bens.pk, body="")
    post_delete(author=ada, post_id=deleted.pk)
    services.influence_recompute_all()
    services.influence_recompute_all()
    assert Influence.objects.get(member=crowd[0]).closeness == 1.0
    assert Influence.objects.get(member=ben).closeness == 0.5
    daily = {f.member_id: (f.raw, f.score) for f in Influence.objects.filter(member__in=[ada, ben])}
    for member in (ada, ben):
        again = services.influence_recompute(member=member)
        assert (again.raw, again.score) == daily[member.pk]


def test_a_burst_of_events_for_a_member_never_scored_queues_one_recompute(ada):
    assert services.influence_mark_stale({ada.pk}) == [ada.pk]
    assert services.influence_mark_stale({ada.pk}) == []
    services.influence_recompute(member=ada)
    assert services.influence_mark_stale({ada.pk}) == [ada.pk]


def test_marking_is_one_statement_and_returns_the_newly_marked_only(ada, ben, chidi):
    from rapport.core.tests.queries import statements

    services.influence_mark_stale({ben.pk})  # ben: stale already
    services.influence_recompute(member=chidi)  # chidi: scored and fresh
    assert Influence.objects.get(member=chidi).stale is False
    with CaptureQueriesContext(connection) as queries:
        marked = services.influence_mark_stale({ada.pk, ben.pk, chidi.pk})
    assert len(statements(queries)) == 1
    assert marked == sorted([ada.pk, chidi.pk])  # ada never scored, chidi fresh
    assert set(Influence.objects.filter(stale=True).values_list("member_id", flat=True)) == {
        ada.pk,
        ben.pk,
        chidi.pk,
    }
    # A fresh row keeps its score: only the mark changes.
    assert Influence.objects.get(member=chidi).computed_at is not None
    assert services.influence_mark_stale(set()) == []


def test_a_new_rows_columns_are_the_models_defaults():
    import json as json_module

    from rapport.influence.services import _NEW_ROW

    written = {"member", "computed_at", "id"}
    for field in Influence._meta.concrete_fields:
        if field.name in written:
            continue
        literal = _NEW_ROW[field.name]
        expected = True if field.name == "stale" else field.get_default()
        if isinstance(expected, bool):
            assert literal == ("TRUE" if expected else "FALSE"), field.name
        elif isinstance(expected, dict):
            assert json_module.loads(literal.strip("'")) == expected, field.name
        else:
            assert float(literal) == expected, field.name
    assert set(_NEW_ROW) == {
        f.name for f in Influence._meta.concrete_fields if f.name not in written
    }


def test_the_steps_of_before_mark_the_same(ada, ben, chidi):
    # SQLite before 3.35 cannot return from an upsert; its path gives the same answer.
    from rapport.influence.services import _mark_stale_in_steps

    services.influence_recompute(member=chidi)
    assert _mark_stale_in_steps({ada.pk, chidi.pk}) == sorted([ada.pk, chidi.pk])
    assert _mark_stale_in_steps({ada.pk, ben.pk, chidi.pk}) == [ben.pk]


def test_the_member_sees_shares_not_values_and_no_count_of_the_discounted(ada, ben, crowd):
    """Exact part values would give away, response by response, the private scores the
    responses are weighed by; a count of the discounted would name who was reported."""
    from rapport.limits.models import Standing

    _post_with_responses(ada, [ben, *crowd[:3]], kinds=("comment",))
    Standing.objects.create(
        member=ben,
        restricted_at=timezone.now(),
        restricted_until=timezone.now() + dt.timedelta(days=7),
    )
    services.influence_recompute_all()
    view = selectors.influence_of(ada)
    assert all(p.share % 10 == 0 for p in view.parts) and sum(p.share for p in view.parts) > 0
    assert not any("restricted" in p.sentence or "reported" in p.sentence for p in view.parts)


def test_posting_ten_times_to_the_same_people_raises_nothing(ada, crowd):
    _post_with_responses(ada, crowd[:4])
    before = services.influence_recompute(member=ada).raw
    for _ in range(9):
        _post_with_responses(ada, crowd[:4])
    assert services.influence_recompute(member=ada).raw == before


def test_reading_the_facts_costs_the_same_for_three_members_or_thirty(ada, ben, chidi):
    now = timezone.now()
    _post_with_responses(ada, [ben, chidi])
    with CaptureQueriesContext(connection) as few:
        gather(None, now)
    people = [make_member(f"x{i}") for i in range(27)]
    for person in people[:10]:
        _post_with_responses(person, people[10:14], kinds=("reaction", "comment"))
    with CaptureQueriesContext(connection) as many:
        gather(None, now)
    assert len(few) == len(many)
    with CaptureQueriesContext(connection) as one:
        gather([ada.pk], now)
    assert len(one) <= len(many) + 6  # one member also reads whom they answered


def test_the_week_change_is_explained_by_reasons_that_add_up(ada, crowd, client):
    _post_with_responses(ada, crowd[:2])
    services.influence_recompute_all(now=timezone.now() - dt.timedelta(days=8))
    InfluenceDay.objects.filter(member=ada).update(score=40)
    _post_with_responses(ada, crowd[2:8], kinds=("share",))
    services.influence_recompute_all()
    view = selectors.influence_of(ada)
    assert view.change == view.score - 40
    assert sum(r.points for r in view.reasons) == view.change
    client.force_login(ada)
    page = client.get(reverse("influence:mine")).content.decode()
    assert f"{view.change:+d}" in page
    assert "more people responded to your posts" in page


def test_a_score_is_private_unless_its_member_shows_it(ada, ben, crowd, client):
    _post_with_responses(ada, crowd[:3])
    services.influence_recompute_all()
    client.force_login(ben)
    assert client.get(reverse("influence:member", args=["ada"])).status_code == 404
    assert_error(as_member(ben).get("/influence/of/ada"), 404, "influence.not_found")
    client.force_login(ada)
    assert client.post(reverse("influence:show"), {"public": "on"}).status_code == 302
    client.force_login(ben)
    page = client.get(reverse("influence:member", args=["ada"]))
    assert page.status_code == 200 and "Ada Lovelace" in page.content.decode()
    # The number and its parts' weights, not the sentences that quote Ada's posts.
    assert "How we hire" not in page.content.decode()
    shown = as_member(ben).get("/influence/of/ada").json()
    assert shown["score"] >= 2 and shown["history"]
    assert shown["reasons"] == shown["parts"] == [] and shown["computed_at"] is None
    assert as_member(ada).get("/influence/of/ada").json()["parts"][0]["sentence"]
    # Turning it off hides it again.
    assert as_member(ada).post("/influence/visibility", {"public": False}).json()["public"] is False
    assert client.get(reverse("influence:member", args=["ada"])).status_code == 404


def test_a_reaction_queues_a_recompute_of_the_author(ada, ben, django_capture_on_commit_callbacks):
    post = post_publish(author=ada, body="A question about onboarding.")
    with django_capture_on_commit_callbacks(execute=True):
        reaction_set(member=ben, post_id=post.pk)
    found = Influence.objects.get(member=ada)
    assert found.counts["responders"] == 1 and not found.stale


def test_the_command_prints_a_member_as_json(ada, crowd, capsys):
    _post_with_responses(ada, crowd[:3])
    call_command("influence-recompute")
    call_command("influence", "ada", "--json")
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert out["handle"] == "ada" and out["score"] == 100
    assert {p["name"] for p in out["parts"]} == {"content", "conversation", "network", "reach"}


def test_the_demo_has_a_spread_and_a_damped_pod():
    from rapport.demo.post_plan import POD_SIZE

    call_command("demo", members=200, seed=3)
    scores = sorted(Influence.objects.values_list("score", flat=True))
    responded = [s for s in scores if s > 1]
    assert len(responded) >= 20
    # A handful high, a long tail: the median member is in the lowest third, few are 90
    # or more.
    assert scores[len(scores) // 2] <= 33
    assert 1 <= sum(1 for s in scores if s >= 90) <= len(scores) // 10
    # The demo's pod: members whose likes go to each other; each sees most of the people
    # who respond to them damped…
    pod = {
        f.member_id: f.score
        for f in Influence.objects.filter(closeness__gte=0.75)
        if f.counts["pod"] >= POD_SIZE - 2
    }
    assert len(pod) >= POD_SIZE - 1
    # …and ranks visibly lower than the same responses would rank without it.
    facts, community = gather(None, timezone.now())
    undamped = Community(
        discounted=community.discounted,
        responds_to=community.responds_to,
        closeness={},
        # Weighed as the pass weighed them (their score before it), so only the damping
        # differs.
        scores=dict(Influence.objects.values_list("member_id", "standing")),
    )
    raws = {pk: parts_of(f, undamped).raw for pk, f in facts.items()}
    would_be = ranks(raws)
    assert sum(would_be[pk] - score for pk, score in pod.items()) / len(pod) >= 5


def test_search_ranks_by_influence_only_when_an_operator_says_and_only_public_scores(ada, settings):
    from rapport.influence.search import search_boost_apply
    from rapport.members.selectors import SearchFilters, search_members

    twins = [make_member(f"sam{i}", "Sam Taylor") for i in range(3)]
    for twin, score, public in zip(twins, (20, 90, 60), (True, False, True), strict=True):
        Influence.objects.create(member=twin, score=score, raw=score / 10, public=public)

    def order() -> list[str]:
        found = search_members(viewer=ada, filters=SearchFilters(q="Sam Taylor"), page=1, size=10)
        return [m.handle for m in found.page.items]

    assert order() == ["sam0", "sam1", "sam2"]  # off: by name, then id
    settings.RAPPORT = {**settings.RAPPORT, "INFLUENCE_IN_SEARCH": True}
    search_boost_apply()
    try:
        # sam2 (60, shown) before sam0 (20, shown); sam1's 90 is private and not used.
        assert order() == ["sam2", "sam0", "sam1"]
    finally:
        settings.RAPPORT = {**settings.RAPPORT, "INFLUENCE_IN_SEARCH": False}
        search_boost_apply()
    assert order() == ["sam0", "sam1", "sam2"]


def test_answers_and_shares_from_a_restricted_member_count_for_nothing(ada, ben, chidi):
    from rapport.invitations.services import invitation_accept
    from rapport.invitations.tests.api_helpers import invite
    from rapport.limits.models import Standing
    from rapport.posts.services import share_record

    for who in (ben, chidi):
        invitation_accept(member=who, invitation_id=invite(ada, who).pk)
    post = post_publish(author=ada, body="A note on mentoring.")
    share_record(member=ben, post_id=post.pk, via="message")
    share_record(member=chidi, post_id=post.pk, via="link")  # a copied link: a reaction's weight
    before = gather([ada.pk], timezone.now())[0][ada.pk]
    assert (before.invitations_accepted, before.invitations_decided) == (2, 2)
    assert {(r.responder, r.kind) for r in before.content} == {
        (ben.pk, "share"),
        (chidi.pk, "reaction"),
    }
    Standing.objects.update_or_create(
        member=ben,
        defaults={
            "restricted_at": timezone.now(),
            "restricted_until": timezone.now() + dt.timedelta(days=7),
        },
    )
    facts, community = gather([ada.pk], timezone.now())
    after = facts[ada.pk]
    assert (after.invitations_accepted, after.invitations_decided) == (1, 1)
    assert community.weight(ada.pk, ben.pk) == 0.0
    assert parts_of(after, community).counts["ignored"] == 1


def test_the_daily_pass_keeps_each_members_choice_to_show_their_score(ada, ben, crowd):
    _post_with_responses(ada, crowd[:3])
    services.influence_recompute_all()
    services.influence_show(member=ada, public=True)
    _post_with_responses(ben, crowd[:5])
    services.influence_recompute_all()
    assert Influence.objects.get(member=ada).public is True
    assert Influence.objects.get(member=ben).public is False
    assert Influence.objects.filter(member=ada).count() == 1


def test_a_profile_shows_the_score_only_when_its_member_chose_to(ada, ben, crowd, client):
    _post_with_responses(ada, crowd[:3])
    services.influence_recompute_all()
    badge = reverse("influence:badge", args=["ada"])
    client.force_login(ada)
    mine = client.get(badge).content.decode()
    assert 'data-testid="influence-badge"' in mine and "only you see it" in mine
    client.force_login(ben)
    hidden = client.get(badge)
    # A hidden score answers exactly as no score at all, and as no such member.
    never = client.get(reverse("influence:badge", args=["p7"]))
    nobody = client.get(reverse("influence:badge", args=["no-such-member"]))
    assert hidden.status_code == never.status_code == nobody.status_code == 200
    assert hidden.content == never.content == nobody.content == b""
    services.influence_show(member=ada, public=True)
    shown = client.get(badge).content.decode()
    score = Influence.objects.get(member=ada).score
    assert f"<strong>{score}</strong>" in shown and "only you see it" not in shown
    assert reverse("influence:member", args=["ada"]) in shown
    profile = client.get(reverse("members:profile", args=["ada"])).content.decode()
    assert badge in profile  # the profile loads it


def test_an_introduction_accepted_by_a_restricted_member_counts_for_nothing(ada, ben, chidi):
    from rapport.limits.models import Standing
    from rapport.trust import services as trust
    from rapport.trust.tests.factories import ask, chain

    chain(ada, ben, chidi)
    intro = ask(ada, chidi, [ada, ben, chidi])
    trust.introduction_forward(member=ben, introduction_id=intro.pk, note="I'll vouch for her.")
    trust.introduction_accept(member=chidi, introduction_id=intro.pk)
    facts = gather(None, timezone.now())[0]
    assert (facts[ada.pk].introductions_received, facts[ben.pk].introductions_made) == (1, 1)
    now = timezone.now()
    Standing.objects.create(
        member=chidi, restricted_at=now, restricted_until=now + dt.timedelta(days=7)
    )
    for who in (None, [ada.pk, ben.pk]):  # the daily pass and one member's recompute
        facts = gather(who, timezone.now())[0]
        assert (facts[ada.pk].introductions_received, facts[ben.pk].introductions_made) == (0, 0)
