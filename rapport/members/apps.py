from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "rapport.members"
    label = "members"

    def ready(self) -> None:
        # Search entries are derived from profiles, jobs and skills: receivers keep them.
        from rapport.members import notification_kinds, search_entries  # noqa: F401
