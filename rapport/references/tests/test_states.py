from rapport.references.models import PermissionState as S
from rapport.references.states import PERMISSION


def test_a_request_is_answered_once_and_asked_again_only_after_an_answer():
    assert PERMISSION.initial == S.ASKED
    assert PERMISSION.can(S.ASKED, S.ALLOWED) and PERMISSION.can(S.ASKED, S.REFUSED)
    assert not PERMISSION.can(S.ASKED, S.ASKED)
    assert PERMISSION.can(S.ALLOWED, S.REFUSED)  # the candidate withdraws
    assert not PERMISSION.can(S.REFUSED, S.ALLOWED)  # only a new request can be allowed
