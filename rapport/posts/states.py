"""The lifecycle of a post or article: a draft is published, either may be deleted."""

from rapport.core.states import StateMachine
from rapport.posts.models import LinkPreviewState
from rapport.posts.models import State as S

POST = StateMachine.declare(
    "post",
    initial=S.DRAFT,
    transitions={
        S.DRAFT: {S.PUBLISHED, S.DELETED},
        S.PUBLISHED: {S.DELETED},
        S.DELETED: set(),
    },
)

LINK_PREVIEW = StateMachine.declare(
    "link_preview",
    initial=LinkPreviewState.WAITING,
    transitions={
        # Fetched once: a page that failed stays a plain link, one that worked keeps the
        # words it had when shared.
        LinkPreviewState.WAITING: {LinkPreviewState.READY, LinkPreviewState.FAILED},
        LinkPreviewState.READY: set(),
        LinkPreviewState.FAILED: set(),
    },
)
