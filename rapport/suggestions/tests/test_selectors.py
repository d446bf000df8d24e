"""People you may know: ranked by mutual connections, boosted by shared history, never
someone already answered, pending, refused or dismissed."""

import datetime as dt

import pytest

from rapport.accounts.tests.factories import make_member
from rapport.companies.services import position_add
from rapport.core.errors import ValidationFailed
from rapport.invitations import services as invitations
from rapport.members.services import education_add
from rapport.network.services import connection_create
from rapport.suggestions.models import Dismissal
from rapport.suggestions.selectors import people_you_may_know
from rapport.suggestions.services import suggestion_dismiss

pytestmark = pytest.mark.django_db


def connect(a, b):
    connection_create(member=a, other=b, source="operator", notify=False)


@pytest.fixture
def circle(ada):
    """ada knows hub1 and hub2; dee knows both hubs, eve knows one, fay knows one."""
    hub1, hub2 = make_member("hub1", "Hub One"), make_member("hub2", "Hub Two")
    dee, eve, fay = (make_member(h, f"{h.title()} Person") for h in ("dee", "eve", "fay"))
    for hub in (hub1, hub2):
        connect(ada, hub)
    connect(dee, hub1)
    connect(dee, hub2)
    connect(eve, hub1)
    connect(fay, hub2)
    return {"dee": dee, "eve": eve, "fay": fay}


def handles(member):
    return [s.member.handle for s in people_you_may_know(member)]


def test_ranked_by_mutual_connections(ada, circle):
    suggestions = people_you_may_know(ada)
    assert suggestions[0].member.handle == "dee"
    assert suggestions[0].mutual == 2 and "2 mutual connections" in suggestions[0].reasons


def test_a_colleague_with_overlapping_tenure_is_boosted_above_an_equal_stranger(ada, circle):
    for member in (ada, circle["fay"]):
        position_add(
            member=member,
            company_name="Engines Ltd",
            title="Analyst",
            started_on=dt.date(2019, 1, 1),
            is_current=True,
        )
    position_add(
        member=circle["eve"],
        company_name="Engines Ltd",
        title="Analyst",
        started_on=dt.date(2010, 1, 1),
        ended_on=dt.date(2012, 1, 1),
    )
    ranked = people_you_may_know(ada)
    order = [s.member.handle for s in ranked]
    assert order.index("fay") < order.index("eve")  # same mutual count; only fay overlapped
    fay = next(s for s in ranked if s.member.handle == "fay")
    assert "worked at the same company at the same time" in fay.reasons


def test_a_classmate_is_boosted(ada, circle):
    for member in (ada, circle["eve"]):
        education_add(member=member, school_name="University of Lagos", start_year=2010)
    order = handles(ada)
    assert order.index("eve") < order.index("fay")


@pytest.mark.parametrize("how", ["pending_out", "pending_in", "declined", "reported", "dismissed"])
def test_excluded_people_are_never_suggested(ada, circle, how):
    dee = circle["dee"]
    if how == "pending_out":
        invitations.invitation_send(sender=ada, recipient=dee)
    elif how == "pending_in":
        invitations.invitation_send(sender=dee, recipient=ada)
    elif how == "declined":
        inv = invitations.invitation_send(sender=dee, recipient=ada)
        invitations.invitation_decline(member=ada, invitation_id=inv.pk)
    elif how == "reported":
        inv = invitations.invitation_send(sender=ada, recipient=dee)
        invitations.invitation_report(member=dee, invitation_id=inv.pk)
    else:
        suggestion_dismiss(member=ada, other=dee, reason="dont_know")
    assert "dee" not in handles(ada)
    assert "eve" in handles(ada)


def test_connections_and_deactivated_members_are_not_suggested(ada, circle):
    connect(ada, circle["eve"])
    circle["fay"].is_active = False
    circle["fay"].save()
    assert handles(ada) == ["dee"]


def test_dismissing_is_idempotent_and_checked(ada, ben):
    suggestion_dismiss(member=ada, other=ben, reason="dont_know")
    suggestion_dismiss(member=ada, other=ben, reason="not_relevant")
    assert Dismissal.objects.get().reason == "not_relevant"
    with pytest.raises(ValidationFailed):
        suggestion_dismiss(member=ada, other=ben, reason="bored")
    with pytest.raises(ValidationFailed):
        suggestion_dismiss(member=ada, other=ada, reason="other")
    assert Dismissal.objects.count() == 1
