"""After the dinner: the survey's answers (read-only) and the event list's "send the thank-you email now"."""
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.access import EventScopedAdmin

from .. import feedback
from ..links import survey_closes_at
from ..models import SurveyResponse

SEND_PERMISSION = "attendees.change_registration"


@admin.register(SurveyResponse)
class SurveyResponseAdmin(EventScopedAdmin):
    """What researchers answered; only they change it, through their survey link."""

    event_lookup = "registration__event"
    list_display = ["registration", "overall_rating", "round_1_rating", "round_2_rating", "would_come_again",
                    "comments", "submitted_at"]
    list_filter = [("registration__event", admin.RelatedOnlyFieldListFilter), "overall_rating", "would_come_again"]
    list_select_related = ["registration__researcher", "registration__event"]
    search_fields = ["comments", "registration__researcher__last_name", "registration__researcher__first_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ThankYouAction:
    """ModelAdmin mixin for Event: send the thank-you email now rather than the morning after."""

    def has_send_thank_you_permission(self, request):
        return request.user.has_perm(SEND_PERMISSION)

    @admin.action(permissions=["send_thank_you"], description=_("Send the thank-you email now"))
    def send_thank_you_now(self, request, queryset):
        now = timezone.now()
        for event in queryset.order_by("pk"):
            if now >= survey_closes_at(event):
                self.message_user(request, _("%(event)s: the survey has closed; no thank-you email was sent.")
                                  % {"event": event}, level=messages.WARNING)
                continue
            written = len(feedback.send_thank_you(event, now=now))
            self.message_user(request, ngettext(
                "%(event)s: %(count)d thank-you email written (to those who arrived and had none yet).",
                "%(event)s: %(count)d thank-you emails written (to those who arrived and had none yet).",
                written) % {"event": event, "count": written})
