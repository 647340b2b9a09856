from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TablesConfig(AppConfig):
    name = "tables"
    verbose_name = _("Tables and seating")

    def ready(self):
        from . import receivers  # noqa: F401  (connects the signal receivers)
        from .audit import register_models

        register_models()
