"""The lifecycle of a request to look at a candidate's current employer."""

from rapport.core.states import StateMachine
from rapport.references.models import PermissionState as S

PERMISSION = StateMachine.declare(
    "reference_permission",
    initial=S.ASKED,
    transitions={
        S.ASKED: {S.ALLOWED, S.REFUSED},
        # After it expires (allowed) or its cool-off passes (refused), the requester may ask again.
        S.ALLOWED: {S.ASKED, S.REFUSED},
        S.REFUSED: {S.ASKED},
    },
)
