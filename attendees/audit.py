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
