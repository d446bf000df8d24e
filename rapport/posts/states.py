"""The lifecycle of a post or article: a draft is published, either may be deleted."""

from rapport.core.states import StateMachine
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
