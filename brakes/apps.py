from django.apps import AppConfig


class BrakesConfig(AppConfig):
    name = "brakes"
    verbose_name = "Brakes"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
