"""The audit trail on each object's own admin page: its "History" button shows who changed what, and when.

django-auditlog records the changes (each app says what in its audit.py; the actor is the logged-in
user, set by auditlog's middleware, or by auditlog.context.set_actor around a service called
outside a request). Who may read an object's history: whoever holds the permission to change such
objects, for an object of an event they work on (access.py). The people who change registrations,
seats, rounds and templates answer for them; a recruiter, who only reads profiles, and the door
staff do not see who did what.
auditlog's own list of every entry (Admin → Log entries) is for superusers only: an entry does not
know its event, so that list could not be narrowed to an organizer's events.
"""
from auditlog.models import LogEntry
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

HISTORY_TEMPLATE = "admin/audit_history.html"


def entries_for(obj):
    return LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp", "-pk")


class AuditHistoryAdmin:
    """A ModelAdmin mixin: the admin's "History" page lists the object's audit-log entries."""

    audit_history_limit = 200

    def may_read_history(self, request, obj):
        """Whoever holds the permission to change such objects, for an object of their events. Not the
        admin's own change rule: seats and published rounds are read-only here (they change on the
        board), yet their history is what an organizer most needs to read."""
        opts = self.opts
        return (self.has_view_permission(request, obj)
                and request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}"))

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:  # missing, or of an event the user does not work on (get_queryset is scoped)
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.may_read_history(request, obj):
            raise PermissionDenied
        entries = list(entries_for(obj)[: self.audit_history_limit])
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %s") % obj,
            "subtitle": None,
            "module_name": str(capfirst(self.opts.verbose_name_plural)),
            "object": obj,
            "opts": self.opts,
            "log_entries": entries,
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, HISTORY_TEMPLATE, context)
