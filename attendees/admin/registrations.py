from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX

from events.access import EventScopedAdmin
from events.audit import AuditHistoryAdmin
from events.models import Company, ResearchArea
from textsafety.fields import CleanTextField, NameField

from .. import deletion, personal_links, services
from ..enums import RegistrationStatus
from ..exports import RegistrationResource
from ..models import CompanyInterest, Registration, ResearchInterest, Researcher
from .researcher_data import ResearcherDataActions


class CompanyInterestInline(admin.TabularInline):
    model = CompanyInterest
    extra = 0
    autocomplete_fields = ["company"]
    ordering = ["rank"]


class ResearchInterestInline(admin.TabularInline):
    model = ResearchInterest
    extra = 0
    autocomplete_fields = ["research_area"]
    ordering = ["rank"]


class InterestFilter(admin.SimpleListFilter):
    """Registrations that ranked a given company / research area among their choices."""

    interest_relation = None
    option_model = None

    def lookups(self, request, model_admin):
        return [(str(o.pk), o.name) for o in self.option_model.objects.order_by("name")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.interest_relation: self.value()}).distinct()
        return queryset


class CompanyInterestFilter(InterestFilter):
    title = _("company interest")
    parameter_name = "company"
    interest_relation = "company_interests__company"
    option_model = Company


class ResearchInterestFilter(InterestFilter):
    title = _("research interest")
    parameter_name = "research"
    interest_relation = "research_interests__research_area"
    option_model = ResearchArea


class CheckedInFilter(admin.SimpleListFilter):
    title = _("checked in")
    parameter_name = "checked_in"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(checked_in_at__isnull=self.value() == "no")
        return queryset


def tell_outcome(modeladmin, request, report, changed=None):
    """Say what an action did: `changed(count)` for the registrations it changed, each one it skipped
    with the reason, and who got a place from the waitlist."""
    if getattr(report, "changed", None) and changed is not None:
        modeladmin.message_user(request, changed(len(report.changed)))
    for registration, reason in getattr(report, "skipped", ()):
        modeladmin.message_user(request, f"{registration.researcher}: {reason}", level=messages.WARNING)
    if getattr(report, "promoted", None):
        modeladmin.message_user(request, _("Promoted from the waitlist: %(names)s") % {
            "names": ", ".join(str(r.researcher) for r in report.promoted)})


def _status_action(status, description):
    @admin.action(permissions=["change"], description=description)
    def action(modeladmin, request, queryset):
        report = services.change_status(registration_ids=list(queryset.values_list("pk", flat=True)), status=status)
        tell_outcome(modeladmin, request, report, lambda count: ngettext(
            "%(count)d registration is now %(status)s.", "%(count)d registrations are now %(status)s.",
            count) % {"count": count, "status": status.label.lower()})

    action.__name__ = f"mark_{status.value}"
    return action


@admin.register(Registration)
class RegistrationAdmin(AuditHistoryAdmin, ExportMixin, EventScopedAdmin):
    resource_classes = [RegistrationResource]
    # Spreadsheets only (the cells are formula-escaped for them); the CSV starts with the
    # byte-order mark, so that Excel reads it as UTF-8 and shows Hangul.
    export_formats = [CSV, XLSX]
    to_encoding = "utf-8-sig"
    list_display = [
        "researcher", "email", "affiliation", "event", "status", "first_company", "is_returning",
        "checked_in_at", "created_at",
    ]
    list_display_links = ["researcher"]
    list_filter = [
        ("event", admin.RelatedOnlyFieldListFilter), "status", CompanyInterestFilter, ResearchInterestFilter,
        "is_returning", CheckedInFilter, "researcher__position",
    ]
    list_select_related = ["researcher", "event"]
    search_fields = [
        "researcher__first_name", "researcher__last_name", "researcher__native_name", "researcher__email",
        "researcher__affiliation", "researcher__lab",
    ]
    # Status changes go through the list's actions (capacity, waitlist promotion, emails, seats),
    # so the form shows the status without letting it be edited past those rules; the arrival
    # time is written at the door (door.services) and only shown here.
    readonly_fields = ["event", "researcher", "status", "earlier_events", "consented_at", "privacy_notice_version",
                       "created_at", "updated_at", "status_changed_at", "invitation", "checked_in_at"]
    inlines = [CompanyInterestInline, ResearchInterestInline]
    actions = [
        _status_action(RegistrationStatus.CONFIRMED, _("Confirm selected registrations")),
        _status_action(RegistrationStatus.WAITLISTED, _("Move selected registrations to the waitlist")),
        _status_action(RegistrationStatus.DECLINED, _("Decline selected registrations")),
        _status_action(RegistrationStatus.CANCELLED, _("Cancel selected registrations (frees their places)")),
        "promote_from_waitlist",
        "send_new_personal_link",
    ]
    fieldsets = [
        (None, {"fields": ["event", "researcher", "status", "is_returning", "earlier_events", "invitation",
                           "language"]}),
        (_("Dinner"), {"fields": ["dietary_needs", "accessibility_needs", "checked_in_at"]}),
        (_("Record"), {"fields": ["consented_at", "privacy_notice_version", "created_at", "status_changed_at",
                                  "updated_at"]}),
    ]

    def has_add_permission(self, request):
        # A registration records the researcher's own consent: it is made through the public form.
        return False

    # Deleting (only with the delete permission: superusers; organizers cancel) goes through the
    # service, which cancels first: the place goes to the next person waiting, seats are freed.
    def delete_model(self, request, obj):
        tell_outcome(self, request, deletion.delete_registrations(registration_ids=[obj.pk]))

    def delete_queryset(self, request, queryset):
        tell_outcome(self, request,
                     deletion.delete_registrations(registration_ids=list(queryset.values_list("pk", flat=True))))

    @admin.action(permissions=["change"], description=_("Promote from the waitlist"))
    def promote_from_waitlist(self, request, queryset):
        report = services.promote_from_waitlist(registration_ids=list(queryset.values_list("pk", flat=True)))
        tell_outcome(self, request, report, lambda count: ngettext(
            "%(count)d registration promoted from the waitlist and confirmed.",
            "%(count)d registrations promoted from the waitlist and confirmed.", count) % {"count": count})

    @admin.action(permissions=["change"], description=_("Send a new personal link (the old links stop working)"))
    def send_new_personal_link(self, request, queryset):
        report = personal_links.send_new_personal_links(registration_ids=list(queryset.values_list("pk", flat=True)))
        tell_outcome(self, request, report, lambda count: ngettext(
            "%(count)d researcher gets a new personal link by email; their old links no longer work.",
            "%(count)d researchers get a new personal link by email; their old links no longer work.",
            count) % {"count": count})

    def get_queryset(self, request):
        first_choice = CompanyInterest.objects.filter(registration=OuterRef("pk"), rank=1).values("company__name")
        return super().get_queryset(request).annotate(first_company_name=Subquery(first_choice[:1]))

    @admin.display(description=_("earlier events"))
    def earlier_events(self, registration):
        """The same researcher's registrations for events before this one (a returning researcher)."""
        if registration.pk is None:
            return "—"
        earlier = (Registration.objects.filter(researcher_id=registration.researcher_id,
                                               event__starts_at__lt=registration.event.starts_at)
                   .select_related("event").order_by("-event__starts_at"))
        return format_html_join("", '<div><a href="{}">{}</a> ({}) · {} · {}</div>', (
            (reverse("admin:attendees_registration_change", args=[r.pk]), r.event.name,
             r.event.starts_at.date().isoformat(), r.get_status_display(),
             _("arrived") if r.checked_in_at else _("did not check in"))
            for r in earlier
        )) or "—"

    @admin.display(description=_("email"), ordering="researcher__email")
    def email(self, registration):
        return registration.researcher.email

    @admin.display(description=_("affiliation"), ordering="researcher__affiliation")
    def affiliation(self, registration):
        return registration.researcher.affiliation

    @admin.display(description=_("1st company"), ordering="first_company_name")
    def first_company(self, registration):
        return registration.first_company_name


class RegistrationInline(admin.TabularInline):
    model = Registration
    fields = ["event", "status", "is_returning", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event")


class ResearcherAdminForm(forms.ModelForm):
    """The profile cleaned like the public forms' (NFC, no invisible characters, no address in a name).

    No model here: the admin builds the form for Researcher with its own field options and keeps these classes.
    """

    class Meta:
        field_classes = {
            "first_name": NameField, "last_name": NameField, "native_name": NameField,
            "affiliation": CleanTextField, "lab": CleanTextField, "country": CleanTextField,
        }


@admin.register(Researcher)
class ResearcherAdmin(ResearcherDataActions, AuditHistoryAdmin, EventScopedAdmin):
    event_lookup = "registrations__event"
    form = ResearcherAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["__str__", "email", "affiliation", "lab", "position", "graduation_year", "event_count"]
    list_filter = ["position", "research_areas", ("anonymized_at", admin.EmptyFieldListFilter)]
    search_fields = ["first_name", "last_name", "native_name", "email", "affiliation", "lab"]
    autocomplete_fields = ["research_areas"]
    inlines = [RegistrationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(registration_count=Count("registrations"))

    @admin.display(description=_("events"), ordering="registration_count")
    def event_count(self, researcher):
        return researcher.registration_count
