"""Every write of posts, articles, reactions, comments, mentions, shares and reports."""

from rapport.posts.services.engagement import (
    comment_add,
    comment_delete,
    comment_edit,
    comment_report,
    post_report,
    post_send,
    reaction_remove,
    reaction_set,
    share_record,
)
from rapport.posts.services.group_posts import (
    group_comment_remove,
    group_post_pin,
    group_post_publish,
    group_post_remove,
)
from rapport.posts.services.mentions import mention_remove
from rapport.posts.services.posts import (
    article_publish,
    article_save,
    comment_take_down,
    post_delete,
    post_edit,
    post_publish,
    post_take_down,
    repost_create,
)

__all__ = [
    "article_publish",
    "article_save",
    "comment_add",
    "comment_delete",
    "comment_edit",
    "comment_report",
    "comment_take_down",
    "group_comment_remove",
    "group_post_pin",
    "group_post_publish",
    "group_post_remove",
    "mention_remove",
    "post_delete",
    "post_edit",
    "post_publish",
    "post_report",
    "post_send",
    "post_take_down",
    "reaction_remove",
    "reaction_set",
    "repost_create",
    "share_record",
]
