from zoneinfo import ZoneInfo

from django import forms
from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .access import EventScopedAdmin
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


class EventAdmin(EventScopedAdmin):
    event_lookup = ""  # the event itself
    """The event's own fields, entered in its time zone. Registered by orga.admin, which adds the
    registrations' figures and the tables, rounds and hosts inline (they belong to the floors above)."""

    form = EventAdminForm
    list_display = ["name", "conference", "local_start", "status"]
    list_filter = ["status", "conference", "invite_only"]
    search_fields = ["name", "conference", "city", "slug"]
    ordering = ["-starts_at", "pk"]  # also for the autocomplete, whose figures' GROUP BY drops Meta.ordering
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["companies", "research_areas", "staff"]
    fieldsets = [
        (None, {"fields": ["name", "name_ko", "slug", "status", "description", "description_ko", "contact_email"]}),
        (_("Where and when"), {"fields": ["conference", "city", "venue", "venue_address", "time_zone",
                                          "starts_at", "ends_at"]}),
        (_("Registration"), {"fields": ["registration_opens_at", "registration_closes_at", "researcher_capacity",
                                        "invite_only", "max_company_choices", "max_research_choices",
                                        "details_lock_at"]}),
        (_("What researchers choose from"), {"fields": ["companies", "research_areas"]}),
        (_("Staff"), {"fields": ["staff"], "description": _(
            "Give each account a role (Admin → Groups: Organizer, Door staff, Recruiter) and add it here; it then "
            "sees this event and its people, and no other event's.")}),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change and not request.user.is_superuser:
            form.instance.staff.add(request.user)  # whoever creates an event works on it

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
