from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "rapport.members"
    label = "members"
