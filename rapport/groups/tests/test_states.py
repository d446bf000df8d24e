from rapport.groups.models import MembershipState as S
from rapport.groups.states import MEMBERSHIP


def test_the_lifecycle_is_declared_as_the_services_use_it():
    assert MEMBERSHIP.states == set(S.values)
    assert MEMBERSHIP.initial == S.LEFT
    # A ban is lifted to LEFT, never straight back in.
    assert not MEMBERSHIP.can(S.BANNED, S.MEMBER)
    assert MEMBERSHIP.can(S.BANNED, S.LEFT)
    # Requests and invitations end in membership or a refusal; a member leaves or is banned.
    assert MEMBERSHIP.can(S.REQUESTED, S.MEMBER) and MEMBERSHIP.can(S.INVITED, S.MEMBER)
    assert MEMBERSHIP.transitions[S.MEMBER] == {S.LEFT, S.BANNED}
    assert not MEMBERSHIP.can(S.INVITED, S.REQUESTED)
