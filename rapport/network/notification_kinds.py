from rapport.notifications.kinds import register

CONNECTION_MADE = register(
    "network.connection_made",
    label="New connection",
    template="You are now connected with {actor}.",
)
