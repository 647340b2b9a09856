"""The organizer's side of a researcher's rights: download their data, erase it (Admin → Researchers).

Both need a permission of their own (Organizer has them: orga/migrations/0002). The download holds
the registrations of the organizer's own events only. Erasing is person-wide (the profile serves
every event), so an organizer may erase only researchers whose every registration is in events
they work on; the others need a superuser. Erasing asks for a confirmation first, as deleting does.
"""
import json

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.access import events_of

from .. import privacy
from ..models import Registration

DOWNLOAD_PERMISSION = "attendees.download_researcher_data"
ANONYMIZE_PERMISSION = "attendees.anonymize_researcher"


def json_attachment(data, filename):
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


class ResearcherDataActions:
    """ModelAdmin mixin for Researcher: the "download data" and "anonymize" actions."""

    actions = ["download_data", "anonymize"]

    def has_download_data_permission(self, request):
        return request.user.has_perm(DOWNLOAD_PERMISSION)

    def has_anonymize_permission(self, request):
        return request.user.has_perm(ANONYMIZE_PERMISSION)

    @admin.action(permissions=["download_data"], description=_("Download their data (JSON)"))
    def download_data(self, request, queryset):
        events = None if request.user.is_superuser else events_of(request.user)
        data = [privacy.export_researcher_data(researcher=researcher, events=events)
                for researcher in queryset.order_by("pk")]
        return json_attachment(data, "researchers-data.json")

    @admin.action(permissions=["anonymize"], description=_("Erase their personal data (anonymize)"))
    def anonymize(self, request, queryset):
        researchers = list(queryset.order_by("pk"))
        if request.POST.get("confirmed") != "yes":
            context = {
                **self.admin_site.each_context(request), "title": _("Erase personal data?"), "opts": self.opts,
                "researchers": researchers, "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/attendees/researcher/anonymize_confirm.html", context)
        allowed = None if request.user.is_superuser else events_of(request.user)
        done = 0
        for researcher in researchers:
            if allowed is not None and Registration.objects.filter(researcher=researcher).exclude(
                    event__in=allowed).exists():
                self.message_user(request, _("%(name)s is also registered for events you do not work on: "
                                             "ask an administrator to erase them.") % {"name": researcher},
                                  level=messages.WARNING)
                continue
            report = privacy.anonymize_researcher(researcher_id=researcher.pk, now=timezone.now())
            done += not report.already
            if report.promoted:
                self.message_user(request, _("Promoted from the waitlist: %(names)s") % {
                    "names": ", ".join(str(r.researcher) for r in report.promoted)})
        self.message_user(request, ngettext(
            "%(count)d researcher's personal data erased; their registrations still count, as anonymous.",
            "%(count)d researchers' personal data erased; their registrations still count, as anonymous.",
            done) % {"count": done})
        return None
