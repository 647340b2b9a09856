from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendeesConfig(AppConfig):
    name = "attendees"
    verbose_name = _("Attendees")

    def ready(self):
        from events.whole_pages import vary_whole_page

        from . import receivers  # noqa: F401  (connects the signal receivers)
        from .views.register_page import register_page_variant

        vary_whole_page("attendees:register", register_page_variant)
        from .audit import register_models

        register_models()
