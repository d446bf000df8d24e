"""A membership's lifecycle, declared once (rapport/core/states.py).

A membership that does not exist yet behaves as LEFT: a new row starts there and moves
by the same checked transition as a returning member's.
"""

from rapport.core.states import StateMachine
from rapport.groups.models import MembershipState as S

MEMBERSHIP = StateMachine.declare(
    "membership",
    initial=S.LEFT,
    transitions={
        S.LEFT: [S.MEMBER, S.REQUESTED, S.INVITED, S.BANNED],
        S.DECLINED: [S.MEMBER, S.REQUESTED, S.INVITED, S.BANNED],
        S.INVITED: [S.MEMBER, S.DECLINED, S.BANNED],
        S.REQUESTED: [S.MEMBER, S.DECLINED, S.LEFT, S.BANNED],
        S.MEMBER: [S.LEFT, S.BANNED],
        S.BANNED: [S.LEFT],
    },
)
