from rapport.notifications.kinds import Category, Email, register

CONNECTION_MADE = register(
    "network.connection_made",
    label="New connection",
    template="You are now connected with {actor}.",
    category=Category.INVITATIONS,
    email=Email.OFF,
    grouped=True,
    group_by_target=False,
)
