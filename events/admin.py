from zoneinfo import ZoneInfo

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from attendees.admin import EventHostInline
from attendees.checkin import arrival_annotations, percentage
from attendees.enums import RegistrationStatus
from attendees.exports import registrations_csv
from tables.admin import RoundInline, TableInline

from .models import Company, Event, ResearchArea, time_zone_choices


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "name_ko", "short_name", "website"]
    search_fields = ["name", "name_ko", "short_name"]


@admin.register(ResearchArea)
class ResearchAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "name_ko", "slug"]
    search_fields = ["name", "name_ko", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class EventAdminForm(forms.ModelForm):
    """Organizers type the event's times as the venue's clocks show them, whatever their own zone."""

    time_zone = forms.ChoiceField(label=_("time zone"), choices=time_zone_choices)
    LOCAL_TIME_FIELDS = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at", "details_lock_at")

    class Meta:
        model = Event
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.LOCAL_TIME_FIELDS:
            if name in self.fields:
                self.fields[name].help_text = _("In the event's time zone.")

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        if zone_name:
            # The fields read the input in the zone active for the request (the event's saved zone
            # while editing); re-read the same wall-clock time in the zone chosen on the form.
            entered_in, event_zone = timezone.get_current_timezone(), ZoneInfo(zone_name)
            for name in self.LOCAL_TIME_FIELDS:
                if cleaned.get(name):
                    cleaned[name] = timezone.make_aware(timezone.make_naive(cleaned[name], entered_in), event_zone)
        return cleaned


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventAdminForm
    list_display = [
        "name", "conference", "local_start", "status", "places", "waitlist", "arrivals_and_rate", "no_shows",
        "returning_share", "export_link",
    ]
    list_filter = ["status", "conference", "invite_only"]
    search_fields = ["name", "conference", "city", "slug"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["companies", "research_areas"]
    inlines = [TableInline, RoundInline, EventHostInline]
    fieldsets = [
        (None, {"fields": ["name", "name_ko", "slug", "status", "description", "description_ko", "contact_email"]}),
        (_("Where and when"), {"fields": ["conference", "city", "venue", "venue_address", "time_zone",
                                          "starts_at", "ends_at"]}),
        (_("Registration"), {"fields": ["registration_opens_at", "registration_closes_at", "researcher_capacity",
                                        "invite_only", "max_company_choices", "max_research_choices",
                                        "details_lock_at"]}),
        (_("What researchers choose from"), {"fields": ["companies", "research_areas"]}),
    ]
    figure_fields = ["places", "waitlist", "arrivals", "no_shows", "check_in_rate", "returning_share"]
    readonly_fields = figure_fields

    def get_fieldsets(self, request, obj=None):
        if obj is None:  # nothing to count before the event exists
            return self.fieldsets
        return [*self.fieldsets, (_("Figures"), {"fields": self.figure_fields})]

    def get_queryset(self, request):
        # One joined query for the whole list: every figure is a filtered count over registrations.
        figures = arrival_annotations()
        return super().get_queryset(request).annotate(
            taken=figures["expected"], arrived=figures["arrived"], returning=figures["returning"],
            waiting=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)),
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        event = self.get_object(request, object_id) if object_id else None
        with timezone.override(event.tzinfo if event else timezone.get_current_timezone()):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()  # the widgets show times in the zone active while rendering
            return response

    @admin.display(description=_("starts"), ordering="starts_at")
    def local_start(self, event):
        return event.format_local(event.starts_at)

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
        return format_html('<a href="{}">{}</a> · <a href="{}">CSV</a> · <a href="{}">{}</a>',
                           registrations, _("list"), export, door, _("check-in"))

    def get_urls(self):
        return [
            path("<int:event_id>/registrations.csv", self.admin_site.admin_view(self.registrations_csv_view),
                 name="events_event_registrations_csv"),
            *super().get_urls(),
        ]

    def registrations_csv_view(self, request, event_id):
        event = get_object_or_404(Event, pk=event_id)
        if not self.has_view_permission(request, event):
            return HttpResponse(status=403)
        response = HttpResponse(registrations_csv(event), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{event.slug}-registrations.csv"'
        return response
