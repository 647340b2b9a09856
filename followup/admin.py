"""Organizer and recruiter admin of the follow-up: the list (filters, export), each follow-up with its
notes and the researcher's earlier stages, and the funnel page."""
from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX

from attendees.models import Registration
from events.access import EventScopedAdmin, events_of
from events.audit import AuditHistoryAdmin

from . import figures, services
from .enums import FUNNEL, Stage
from .exports import FollowUpResource
from .models import FollowUp, HostNote


class HostNoteForm(forms.ModelForm):
    class Meta:
        model = HostNote
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "cols": 60})}

    def clean_text(self):
        try:
            return services.clean_note(self.cleaned_data["text"])
        except services.FollowUpError as error:
            raise ValidationError(error.message) from None


class HostNoteInline(admin.TabularInline):
    """Notes are added here and kept as written: an existing note is shown, not edited."""

    model = HostNote
    form = HostNoteForm
    extra = 1
    fields = ["text", "written_by", "created_at"]
    readonly_fields = ["written_by", "created_at"]

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author", "event_host__host")

    @admin.display(description=_("written by"))
    def written_by(self, note):
        return note.author_name if note.pk else ""


@admin.register(FollowUp)
class FollowUpAdmin(AuditHistoryAdmin, ExportMixin, EventScopedAdmin):
    event_lookup = "registration__event"
    resource_classes = [FollowUpResource]
    export_formats = [CSV, XLSX]
    to_encoding = "utf-8-sig"  # Excel reads the CSV as UTF-8 (Hangul) only after the byte-order mark
    change_list_template = "admin/followup/followup/change_list.html"  # import-export builds its Export button on it
    list_display = ["researcher", "affiliation", "event", "stage", "company", "owner", "note_count", "updated_at"]
    list_filter = [("registration__event", admin.RelatedOnlyFieldListFilter),
                   ("company", admin.RelatedOnlyFieldListFilter), "stage", ("owner", admin.RelatedOnlyFieldListFilter),
                   "registration__is_returning"]
    list_select_related = ["registration__researcher", "registration__event", "company", "owner"]
    search_fields = ["registration__researcher__first_name", "registration__researcher__last_name",
                     "registration__researcher__native_name", "registration__researcher__email",
                     "registration__researcher__affiliation"]
    autocomplete_fields = ["registration", "company"]
    fields = ["registration", "researcher_page", "stage", "company", "owner", "earlier_stages", "stage_changed_at",
              "created_at", "updated_at"]
    readonly_fields = ["researcher_page", "earlier_stages", "stage_changed_at", "created_at", "updated_at"]
    inlines = [HostNoteInline]

    def get_readonly_fields(self, request, obj=None):
        # A follow-up is its registration's: chosen when it is made, never moved to someone else.
        return [*self.readonly_fields, "registration"] if obj else self.readonly_fields

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(notes_written=Count("notes"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser and db_field.name == "registration":
            kwargs["queryset"] = Registration.objects.filter(event__in=events_of(request.user))
        if db_field.name == "owner":
            # Whoever works on the user's events, not every account of the site.
            kwargs["queryset"] = get_user_model().objects.filter(
                is_active=True, staffed_events__in=events_of(request.user)).distinct().order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change or "stage" in form.changed_data:
            obj.stage_changed_at = timezone.now()
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not HostNote:
            return super().save_formset(request, form, formset, change)
        for note in formset.save(commit=False):
            if note.pk is None:
                services.add_note(registration_id=form.instance.registration_id, text=note.text, user=request.user)
        for note in formset.deleted_objects:
            note.delete()

    @admin.display(description=_("researcher"), ordering="registration__researcher__last_name")
    def researcher(self, follow_up):
        return follow_up.registration.researcher

    @admin.display(description=_("affiliation"), ordering="registration__researcher__affiliation")
    def affiliation(self, follow_up):
        return follow_up.registration.researcher.affiliation

    @admin.display(description=_("event"), ordering="registration__event__starts_at")
    def event(self, follow_up):
        return follow_up.registration.event

    @admin.display(description=_("notes"), ordering="notes_written")
    def note_count(self, follow_up):
        return follow_up.notes_written

    @admin.display(description=_("researcher"))
    def researcher_page(self, follow_up):
        registration = follow_up.registration
        researcher = registration.researcher
        return format_html('<a href="{}">{}</a> · {} · {}', reverse("admin:attendees_registration_change",
                                                                   args=[registration.pk]),
                           researcher.full_name, researcher.affiliation, researcher.get_position_display())

    @admin.display(description=_("earlier follow-ups"))
    def earlier_stages(self, follow_up):
        """A returning researcher's stages at earlier events (never their notes, which are the other event's)."""
        earlier = figures.earlier_follow_ups([follow_up.registration]).get(follow_up.registration.researcher_id, [])
        return format_html_join("", "<div>{} · {}{}</div>", (
            (f.registration.event.name, f.get_stage_display(), f" · {f.company.name}" if f.company_id else "")
            for f in earlier)) or "—"

    def get_urls(self):
        return [path("funnel/", self.admin_site.admin_view(self.funnel_view), name="followup_followup_funnel"),
                *super().get_urls()]

    def funnel_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        events = events_of(request.user)
        context = {**self.admin_site.each_context(request), "opts": self.opts, "title": _("Funnel to hires"),
                   "stages": FUNNEL, "not_pursued": Stage.NOT_PURSUED.label,
                   "across": figures.events_funnels(events)}
        if "event" in request.GET:
            event = events.filter(pk=_int(request.GET["event"])).first()
            if event is None:
                raise Http404(_("No such event among yours."))
            context.update(event=event, title=_("Funnel to hires: %(event)s") % {"event": event.display_name},
                           funnel=figures.event_funnel(event), companies=figures.company_funnels(event))
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/followup/funnel.html", context)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("not an event") from None
