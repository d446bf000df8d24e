"""The notifications posts send, declared when the app loads."""

from rapport.notifications.kinds import register

MENTIONED = register(
    "posts.mentioned", label="Mentions", template="{actor} mentioned you in a post"
)
COMMENTED = register(
    "posts.commented", label="Comments on your posts", template="{actor} commented on your post"
)
REPLIED = register(
    "posts.replied", label="Replies to your comments", template="{actor} replied to your comment"
)
REPOSTED = register(
    "posts.reposted", label="Reposts of your posts", template="{actor} reposted your post"
)
