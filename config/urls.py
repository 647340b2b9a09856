from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

import brakes

from .language import switch_language

admin.site.site_header = "Roundtable"
admin.site.site_title = "Roundtable"
admin.site.index_title = _("Organizer")

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="events:list", permanent=False)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/", switch_language, name="switch_language"),
    # Login POSTs are rate limited per client before django-axes and the password hasher see them.
    path("admin/login/", brakes.limit_posts("login")(admin.site.login)),
    path("admin/print/", include("printing.urls")),  # before the admin's catch-all
    path("admin/", admin.site.urls),
    path("events/", include("events.urls")),
    path("", include("attendees.urls")),
    path("staff/checkin/", include("door.urls")),
    path("staff/followup/", include("followup.urls")),
    path("", include("portal.urls")),
]

