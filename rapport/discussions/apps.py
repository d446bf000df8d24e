from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "rapport.discussions"
    label = "discussions"
