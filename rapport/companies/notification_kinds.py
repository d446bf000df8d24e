"""The notification a company's followers get, declared when the app loads."""

from rapport.notifications.kinds import Category, Email, register

JOINED = register(
    "companies.joined",
    label="Someone joined a company you follow",
    template="{actor} started at a company you follow.",
    category=Category.COMPANIES,
    email=Email.DIGEST,
)
