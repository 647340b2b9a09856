"""Organizer admin pages that show several floors at once: the event with its registrations'
figures, hosts, tables and rounds; email templates previewed with the event's real tables."""
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from attendees.admin import EventHostInline, ThankYouAction
from attendees.admin.mail import EmailTemplateAdmin as EmailTemplateAdminBase
from attendees.enums import RegistrationStatus
from attendees.exports import registrations_csv
from attendees.figures import arrival_annotations, percentage
from attendees.models import EmailTemplate
from events.admin import EventAdmin as EventAdminBase
from events.models import Event
from tables.admin import RoundInline, TableInline
from tables.published import published_seating

from .next_year_admin import NextYearAdmin
from .views import event_home

EXPORT_PERMISSION = "attendees.export_registration"  # the import-export "Export" asks for the same one


@admin.register(Event)
class EventAdmin(ThankYouAction, NextYearAdmin, EventAdminBase):
    list_display = [
        *EventAdminBase.list_display, "home_link", "places", "waitlist", "arrivals_and_rate", "no_shows",
        "returning_share", "export_link",
    ]
    inlines = [TableInline, RoundInline, EventHostInline]
    actions = ["send_thank_you_now"]
    figure_fields = ["places", "waitlist", "arrivals", "no_shows", "check_in_rate", "returning_share"]
    readonly_fields = figure_fields

    def get_fieldsets(self, request, obj=None):
        if obj is None:  # nothing to count before the event exists
            return self.fieldsets
        return [*self.fieldsets, (_("Figures"), {"fields": self.figure_fields})]

    @admin.display(description=_("event home"))
    def home_link(self, event):
        """The page an organizer starts from: state, figures, charts and a link to everything else."""
        if not event.pk:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("admin:events_event_home", args=[event.pk]), _("home"))

    def get_queryset(self, request):
        # One joined query for the whole list: every figure is a filtered count over registrations.
        figures = arrival_annotations()
        return super().get_queryset(request).annotate(
            taken=figures["expected"], arrived=figures["arrived"], returning=figures["returning"],
            waiting=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)),
        )

    @admin.display(description=_("places taken"), ordering="taken")
    def places(self, event):
        return f"{event.taken} / {event.researcher_capacity}"

    @admin.display(description=_("waitlist"), ordering="waiting")
    def waitlist(self, event):
        return event.waiting

    @admin.display(description=_("arrivals"), ordering="arrived")
    def arrivals(self, event):
        return event.arrived if self._counts_arrivals(event) else "—"

    @admin.display(description=_("arrived"), ordering="arrived")
    def arrivals_and_rate(self, event):
        """The list's compact column: '3 (75%)'."""
        if not self._counts_arrivals(event):
            return "—"
        rate = self.check_in_rate(event)
        return event.arrived if rate == "—" else f"{event.arrived} ({rate})"

    @admin.display(description=_("no-shows"))
    def no_shows(self, event):
        """Place holders who have not arrived: only meaningful once the dinner has started."""
        return event.taken - event.arrived if event.starts_at <= timezone.now() else "—"

    @admin.display(description=_("check-in rate"))
    def check_in_rate(self, event):
        rate = percentage(event.arrived, event.taken)
        return f"{rate}%" if rate is not None and self._counts_arrivals(event) else "—"

    @admin.display(description=_("returning"))
    def returning_share(self, event):
        """Returning researchers among the place holders."""
        share = percentage(event.returning, event.taken)
        return "—" if share is None else f"{share}% ({event.returning})"

    @staticmethod
    def _counts_arrivals(event):
        # Before the doors open a 0 would read like a failure; early test check-ins still show.
        return event.arrived > 0 or event.starts_at <= timezone.now()

    @admin.display(description=_("registrations"))
    def export_link(self, event):
        registrations = reverse("admin:attendees_registration_changelist") + f"?event__id__exact={event.pk}"
        export = reverse("admin:events_event_registrations_csv", args=[event.pk])
        door = reverse("checkin:event", kwargs={"slug": event.slug})
        printables = reverse("printing:event", args=[event.pk])
        # Stacked by css/event-admin.css, so the column stays narrow enough for a laptop screen.
        return format_html('<span class="rt-links"><a href="{}">{}</a> <a href="{}">CSV</a> <a href="{}">{}</a> '
                           '<a href="{}">{}</a></span>',
                           registrations, _("list"), export, door, _("check-in"), printables, _("print"))

    def get_urls(self):
        return [
            path("<int:event_id>/registrations.csv", self.admin_site.admin_view(self.registrations_csv_view),
                 name="events_event_registrations_csv"),
            path("<int:object_id>/home/", self.admin_site.admin_view(self.home_view), name="events_event_home"),
            *super().get_urls(),
        ]

    def home_view(self, request, object_id):
        return event_home(request, object_id=object_id, model_admin=self)

    def registrations_csv_view(self, request, event_id):
        event = get_object_or_404(Event, pk=event_id)
        if not (self.has_view_permission(request, event) and request.user.has_perm(EXPORT_PERMISSION)):
            raise PermissionDenied
        response = HttpResponse(registrations_csv(event), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{event.slug}-registrations.csv"'
        return response


@admin.register(EmailTemplate)
class EmailTemplateAdmin(EmailTemplateAdminBase):
    """Previews of the "your tables" email list the sample researcher's real published tables."""

    published_seating = staticmethod(published_seating)
