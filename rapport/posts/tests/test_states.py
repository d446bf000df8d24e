from __future__ import annotations

import pytest

from rapport.core.errors import Conflict
from rapport.posts.models import Post, State
from rapport.posts.states import POST


def test_a_draft_is_published_or_deleted_and_deletion_is_final():
    assert POST.can(State.DRAFT, State.PUBLISHED)
    assert POST.can(State.PUBLISHED, State.DELETED)
    assert not POST.can(State.PUBLISHED, State.DRAFT)
    assert POST.is_final(State.DELETED)
    assert POST.states == set(State.values)


def test_an_undeclared_change_is_refused():
    post = Post(state=State.DELETED)
    with pytest.raises(Conflict):
        POST.transition(post, State.PUBLISHED)


def test_a_link_preview_is_settled_once():
    from rapport.posts.models import LinkPreviewState as L
    from rapport.posts.states import LINK_PREVIEW

    assert LINK_PREVIEW.can(L.WAITING, L.READY) and LINK_PREVIEW.can(L.WAITING, L.FAILED)
    assert LINK_PREVIEW.is_final(L.READY) and LINK_PREVIEW.is_final(L.FAILED)
