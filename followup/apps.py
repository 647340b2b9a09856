from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = _("Recruiting follow-up")

    def ready(self):
        from . import receivers  # noqa: F401  (connects the signal receivers)
        from .audit import register_models

        register_models()
