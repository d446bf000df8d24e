from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rapport.core"
    label = "core"

    def ready(self) -> None:
        # Before any URL conf is read, so every app's urls.py may use `<id:…>`.
        from rapport.core import converters

        converters.register()
