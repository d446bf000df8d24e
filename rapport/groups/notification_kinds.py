"""The notifications groups send, declared when the app loads (discussions declares
"a new post in a group you follow closely")."""

from rapport.notifications.kinds import Category, Email, register

REQUESTED = register(
    "groups.requested",
    label="Requests to join groups you manage",
    template="{actor} asked to join your group",
    category=Category.GROUPS,
    email=Email.DIGEST,
    grouped=True,
)
APPROVED = register(
    "groups.approved",
    label="Your requests to join groups approved",
    template="{actor} approved your request to join the group",
    category=Category.GROUPS,
    email=Email.INSTANT,
)
INVITED = register(
    "groups.invited",
    label="Invitations to groups",
    template="{actor} invited you to join a group",
    category=Category.GROUPS,
    email=Email.DIGEST,
)
NEW_POST = register(
    "groups.new_post",
    label="New posts in groups you follow closely",
    template="{actor} posted in a group you follow closely",
    category=Category.GROUPS,
    email=Email.DIGEST,
)
