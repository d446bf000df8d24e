"""The notification a job change sends, when the member chose to tell their network."""

from rapport.notifications.kinds import Category, Email, register

JOB_CHANGED = register(
    "members.job_changed",
    label="A job change",
    template="{actor} started a new position. Congratulate them?",
    category=Category.JOB_CHANGES,
    email=Email.DIGEST,
)
