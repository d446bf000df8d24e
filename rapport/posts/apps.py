from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "rapport.posts"
    label = "posts"
    verbose_name = "Posts and articles"

    def ready(self) -> None:
        from rapport.posts import notification_kinds  # noqa: F401
