from django.apps import AppConfig


class SuggestionsConfig(AppConfig):
    name = "rapport.suggestions"
    label = "suggestions"
    verbose_name = "People you may know"
