"""Every read of posts beyond a plain `get`: visibility, cards, the feed, activity."""

from rapport.posts.selectors.activity import (
    activity_of,
    comment_threads,
    comments_by,
    comments_on,
    drafts_count,
    drafts_of,
    mentions_of,
    posts_by,
)
from rapport.posts.selectors.cards import Audit, PostCard, cards_for, shown_ids, with_related
from rapport.posts.selectors.feed import FeedPage, feed_page, viewer_key
from rapport.posts.selectors.visibility import can_see, own_post, post_for, visible_posts, visible_q

__all__ = [
    "Audit",
    "FeedPage",
    "PostCard",
    "activity_of",
    "can_see",
    "cards_for",
    "comment_threads",
    "comments_by",
    "comments_on",
    "drafts_count",
    "drafts_of",
    "feed_page",
    "mentions_of",
    "own_post",
    "post_for",
    "posts_by",
    "shown_ids",
    "viewer_key",
    "visible_posts",
    "visible_q",
    "with_related",
]
