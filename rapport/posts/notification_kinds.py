"""The notifications posts send, declared when the app loads."""

from rapport.notifications.kinds import Category, Email, register

MENTIONED = register(
    "posts.mentioned",
    label="Mentions",
    template="{actor} mentioned you in a post",
    category=Category.MENTIONS,
    email=Email.DIGEST,
)
COMMENTED = register(
    "posts.commented",
    label="Comments on your posts",
    template="{actor} commented on your post",
    category=Category.POSTS,
    email=Email.DIGEST,
    grouped=True,
)
REPLIED = register(
    "posts.replied",
    label="Replies to your comments",
    template="{actor} replied to your comment",
    category=Category.POSTS,
    email=Email.DIGEST,
    grouped=True,
)
REPOSTED = register(
    "posts.reposted",
    label="Reposts of your posts",
    template="{actor} reposted your post",
    category=Category.POSTS,
    email=Email.DIGEST,
    grouped=True,
)
REACTED = register(
    "posts.reacted",
    label="Reactions to your posts",
    template="{actor} reacted to your post",
    category=Category.POSTS,
    email=Email.DIGEST,
    grouped=True,
)

COMPANY_POSTED = register(
    "posts.company_posted",
    label="Posts by companies you follow",
    template="{actor} posted for a company you follow",
    category=Category.COMPANIES,
    email=Email.DIGEST,
)
