from django.apps import AppConfig


class InfluenceConfig(AppConfig):
    name = "rapport.influence"
    label = "influence"

    def ready(self) -> None:
        # Responses to a member's posts mark their score for a recompute.
        from rapport.influence import signals  # noqa: F401
        from rapport.influence.search import search_boost_apply

        search_boost_apply()
