"""The organizer's view of email: every message with its state, and the per-event wording."""
from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template import TemplateSyntaxError
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.access import EventScopedAdmin
from events.audit import AuditHistoryAdmin

from ..mail import delivery
from ..mail.enums import EmailKind, EmailState
from ..mail.preview import sample_context
from ..mail.rendering import PLACEHOLDERS, default_source, known_names, render_email, unknown_names
from ..models import EmailTemplate, OutboundEmail


# A pending email's text does not exist yet: it is rendered a moment after the change that stored it.
PENDING_NOTE = _("Not written yet: the worker writes it in a moment (its recovery pass, within a minute or two, "
                 "if the first try was lost).")


@admin.action(permissions=["change"], description=_("Retry the selected unsent emails"))
def retry_selected(modeladmin, request, queryset):
    count = delivery.retry_emails(email_ids=list(queryset.values_list("pk", flat=True)))
    modeladmin.message_user(request, ngettext(
        "%(count)d email queued again.", "%(count)d emails queued again.", count) % {"count": count},
        level=messages.SUCCESS if count else messages.WARNING)


@admin.register(OutboundEmail)
class OutboundEmailAdmin(EventScopedAdmin):
    list_display = ["created_at", "to", "kind", "event", "state", "attempts", "short_error", "next_attempt_at",
                    "sent_at"]
    list_filter = [("event", admin.RelatedOnlyFieldListFilter), "state", "kind"]
    list_select_related = ["event"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    actions = [retry_selected]
    fields = ["event", "registration", "invitation", "kind", "language", "to", "subject_or_pending", "state",
              "attempts", "last_error", "next_attempt_at", "claimed_at", "sent_at", "created_at", "text_or_pending"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # messages are written by the services, never by hand

    @admin.display(description=_("subject"))
    def subject_or_pending(self, email):
        return email.subject if email.state != EmailState.PENDING else PENDING_NOTE

    @admin.display(description=_("text"))
    def text_or_pending(self, email):
        return email.body_text if email.state != EmailState.PENDING else PENDING_NOTE

    @admin.display(description=_("last error"), ordering="last_error")
    def short_error(self, email):
        return (email.last_error[:80] + "…") if len(email.last_error) > 80 else email.last_error


def template_unknown_names(template):
    """The names an EmailTemplate's subject and body read that are no placeholder (empty if it does not compile)."""
    try:
        return sorted(set(unknown_names(template.subject)) | set(unknown_names(template.body)))
    except TemplateSyntaxError:
        return []


class EmailTemplateForm(forms.ModelForm):
    class Meta:
        model = EmailTemplate
        fields = ["event", "kind", "language", "subject", "body"]
        widgets = {
            "subject": forms.TextInput(attrs={"class": "vLargeTextField email-source"}),
            "body": forms.Textarea(attrs={"rows": 22, "class": "vLargeTextField email-source email-source-body"}),
        }


class EmailTemplateAdmin(AuditHistoryAdmin, EventScopedAdmin):
    """Per-event wording with a preview. Registered by orga.admin, which previews the seating email
    with the event's real published tables (`published_seating`); here a sample stands in for them."""

    published_seating = None  # registration -> [attendees.published.PublishedTable]
    form = EmailTemplateForm
    list_display = ["event", "kind", "language", "subject", "updated_at", "preview_link"]
    list_filter = [("event", admin.RelatedOnlyFieldListFilter), "kind", "language"]
    list_select_related = ["event"]
    search_fields = ["subject", "body"]
    autocomplete_fields = ["event"]
    readonly_fields = ["placeholders", "preview_link"]

    class Media:
        css = {"all": ["css/email-admin.css"]}

    def get_fieldsets(self, request, obj=None):
        starts = format_html_join(" · ", '<a href="?kind={}">{}</a>', ((k.value, k.label) for k in EmailKind))
        return [
            (None, {
                "fields": ["event", "kind", "language", "subject", "body", "placeholders", "preview_link"],
                "description": format_html("{} {}", _("Start from the default wording:"), starts),
            }),
        ]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        kind = request.GET.get("kind")
        if kind in EmailKind.values:
            initial["subject"], initial["body"] = default_source(kind)
        return initial

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        unknown = template_unknown_names(obj)
        if unknown:
            self.message_user(request, _("These names are not placeholders and stay empty in the email: %(names)s") % {
                "names": ", ".join(unknown)}, level=messages.WARNING)

    @admin.display(description=_("placeholders"))
    def placeholders(self, obj):
        rows = format_html_join("", "<li><code>{{{{ {} }}}}</code> {}</li>", PLACEHOLDERS)
        return format_html('<ul class="mb-0">{}</ul>', rows)

    @admin.display(description=_("preview"))
    def preview_link(self, obj):
        if obj is None or obj.pk is None:
            return _("Save first, then preview.")
        return format_html('<a href="{}">{}</a>', reverse("admin:attendees_emailtemplate_preview", args=[obj.pk]),
                           _("Preview"))

    def get_urls(self):
        return [
            path("<int:template_id>/preview/", self.admin_site.admin_view(self.preview_view),
                 name="attendees_emailtemplate_preview"),
            *super().get_urls(),
        ]

    # The HTML email is shown in a sandboxed srcdoc frame, which inherits this page's Content-Security-Policy;
    # its layout styles every element with a style attribute, so this page allows inline style attributes
    # (no inline <style> elements and no script: the frame's sandbox runs none anyway).
    @method_decorator(csp_update({"style-src-attr": [UNSAFE_INLINE]}))
    def preview_view(self, request, template_id):
        template = get_object_or_404(EmailTemplate.objects.select_related("event"), pk=template_id)
        if not self.has_view_permission(request, template):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "original": template,
                   "title": _("Preview: %(template)s") % {"template": template},
                   "known_names": known_names(), "unknown_names": template_unknown_names(template)}
        try:
            context["email"] = render_email(
                event=template.event, kind=template.kind, language=template.language, fallback=False,
                context=sample_context(event=template.event, kind=template.kind, language=template.language,
                                       published_seating=self.published_seating),
                organizer_template=template,
            )
        except Exception as error:  # show what is wrong instead of a 500
            context["error"] = f"{type(error).__name__}: {error}"
        return TemplateResponse(request, "attendees/admin/email_preview.html", context)
