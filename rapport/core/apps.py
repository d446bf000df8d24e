from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "rapport.core"
    label = "core"

    def ready(self) -> None:
        # Before any URL conf is read, so every app's urls.py may use `<id:…>`.
        from rapport.core import converters

        converters.register()
        # Each capability declares its limits in its own `limits.py` (core/limits.py).
        autodiscover_modules("limits")
