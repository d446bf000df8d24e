"""The notification a job change sends, when the member chose to tell their network."""

from rapport.notifications.kinds import register

JOB_CHANGED = register(
    "members.job_changed",
    label="A job change",
    template="{actor} started a new position. Congratulate them?",
)
