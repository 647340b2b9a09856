from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ConfirmImportForm, ImportForm

from events.access import EventScopedAdmin, events_of
from events.models import Event

from .. import mail
from ..imports import InvitationResource
from ..models import Invitation


class InvitationImportForm(ImportForm):
    event = forms.ModelChoiceField(
        label=_("Event"), queryset=Event.objects.all(), required=False,
        help_text=_("Rows without an “event” column (or with it empty) are invitations to this event."),
    )


class InvitationConfirmImportForm(ConfirmImportForm):
    event = forms.ModelChoiceField(queryset=Event.objects.all(), required=False, widget=forms.HiddenInput)


@admin.register(Invitation)
class InvitationAdmin(ImportMixin, EventScopedAdmin):
    list_display = ["email", "first_name", "last_name", "affiliation", "event", "code", "sent_at", "used"]
    list_filter = [("event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["event", "registration"]
    search_fields = ["email", "first_name", "last_name", "affiliation", "code"]
    autocomplete_fields = ["event"]
    readonly_fields = ["code"]
    actions = ["send_invitation_emails"]

    resource_classes = [InvitationResource]
    import_formats = [CSV, XLSX]
    import_form_class = InvitationImportForm
    confirm_form_class = InvitationConfirmImportForm
    from_encoding = "utf-8-sig"  # CSV saved by Excel starts with a byte-order mark

    @admin.display(description=_("used"), boolean=True)
    def used(self, invitation):
        return hasattr(invitation, "registration")

    @admin.action(permissions=["change"], description=_("Send invitation emails"))
    def send_invitation_emails(self, request, queryset):
        selected = list(queryset.values_list("pk", flat=True))
        queued = mail.send_invitations(invitation_ids=selected)
        self.message_user(request, ngettext(
            "%(count)d invitation email is on its way.", "%(count)d invitation emails are on their way.", queued,
        ) % {"count": queued})
        if queued < len(selected):
            skipped = len(selected) - queued
            self.message_user(request, ngettext(
                "%(count)d invitation was skipped: it has already been used to register.",
                "%(count)d invitations were skipped: they have already been used to register.", skipped,
            ) % {"count": skipped}, level=messages.WARNING)

    # Import: organizers need to be able to add and change invitations.
    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def create_import_form(self, request):
        form = super().create_import_form(request)
        form.fields["event"].queryset = events_of(request.user)
        return form

    def create_confirm_form(self, request, import_form=None):
        form = super().create_confirm_form(request, import_form)
        form.fields["event"].queryset = events_of(request.user)
        return form

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        cleaned = getattr(form, "cleaned_data", None) or {}
        # Rows may only name the user's own events: another event's slug reads as unknown.
        return {"event": cleaned.get("event"), "events": events_of(request.user)}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None and import_form.cleaned_data.get("event"):
            initial["event"] = import_form.cleaned_data["event"].pk
        return initial

    def get_import_data_kwargs(self, **kwargs):
        # Also when confirming: if a row went bad since the preview, roll everything back.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            self.message_user(request, _("Nothing was imported: the file has errors now. Upload it again to see them."),
                              level=messages.ERROR)
            return redirect("admin:attendees_invitation_import")
        return super().process_result(result, request)
