"""What the audit trail (django-auditlog) records of this app's models, registered in AttendeesConfig.ready().

Who, when and which fields changed, for registrations (status, check-in, dinner needs, language),
the researchers' profiles and the email templates. Personal free text is not copied into the log:
a change of a name, an address, a homepage or a dinner need is recorded as changed, without
either value (`hidden`). The personal link's token is never recorded. What an entry still names
(the object's description, "Jiwoo Han @ CVPR dinner") is rewritten when the person is erased
(attendees/privacy.py). Seats and rounds are recorded by tables/audit.py.
"""
from auditlog.registry import auditlog

HIDDEN = "(hidden)"
MASK = "attendees.audit.hidden"

REGISTRATION_FIELDS = ["status", "checked_in_at", "dietary_needs", "accessibility_needs", "language",
                       "is_returning"]
RESEARCHER_TEXT = ["first_name", "last_name", "native_name", "email", "affiliation", "lab", "country", "homepage",
                   "graduation_year"]


def hidden(value):
    """The mask of a personal field in the log: that it changed is kept, what it was or became is not."""
    return HIDDEN


def register_models():
    from .models import EmailTemplate, Registration, Researcher

    auditlog.register(Registration, include_fields=REGISTRATION_FIELDS,
                      mask_fields=["dietary_needs", "accessibility_needs"], mask_callable=MASK)
    auditlog.register(Researcher, include_fields=[*RESEARCHER_TEXT, "position", "anonymized_at"],
                      mask_fields=RESEARCHER_TEXT, mask_callable=MASK)
    auditlog.register(EmailTemplate, include_fields=["event", "kind", "language", "subject", "body"])


def status_change_entries(changes):
    """The audit entries a save() would have made for `changes`, unsaved: a list of (registration, old
    status, new status) in, LogEntry instances out (none while auditlog is disabled). The actor and the
    correlation id come from auditlog's context, as for a save (its pre_save hook is sent to each).
    """
    from auditlog.cid import get_cid
    from auditlog.context import auditlog_disabled
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.db.models.signals import pre_save

    from .models import Registration

    if not changes or auditlog_disabled.get():
        return []
    content_type, cid = ContentType.objects.get_for_model(Registration), get_cid()
    entries = []
    for registration, old, new in changes:
        entry = LogEntry(content_type=content_type, object_pk=str(registration.pk), object_id=registration.pk,
                         object_repr=str(registration), action=LogEntry.Action.UPDATE,
                         changes={"status": [str(old), str(new)]}, cid=cid)
        pre_save.send(sender=LogEntry, instance=entry, raw=False, using="default", update_fields=None)
        entries.append(entry)
    return entries


def save_entries(entries):
    """INSERT unsaved audit entries (from status_change_entries) in one statement."""
    from auditlog.models import LogEntry

    return LogEntry.objects.bulk_create(entries) if entries else []


def log_status_changes(changes):
    """The audit entries of status changes written with one UPDATE, built and saved (one INSERT)."""
    return save_entries(status_change_entries(changes))
