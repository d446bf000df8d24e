"""The notice that a member's copy of their data is ready."""

from rapport.notifications.kinds import Category, Email, register

EXPORT_READY = register(
    "dataexport.ready",
    label="Your copy of your data is ready",
    template="Your copy of your Rapport data is ready to download.",
    category=Category.ACCOUNT,
    email=Email.INSTANT,
)
