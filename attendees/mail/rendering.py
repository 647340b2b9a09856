"""How each email reads: the organizer's template for the event and language, else the default file.

Subjects and bodies are Django templates rendered without HTML escaping (they are plain text);
the HTML version escapes that text and puts it in templates/emails/layout.html. Only trusted
addresses become links there (mail/html.py): the context's `*_url` values, which Roundtable makes
itself (never put a participant's text under such a name), the contact address, and web addresses
written in the template. Organizer templates get `{% load i18n %}` for free, so a default file can
be pasted as a start.

Templates see plain values only (mail/sandbox.py): the contexts below are dicts of text and
numbers, the event and the seating as small dicts, and every personal link masked (mail/keys.py);
organizer templates compile in the sandbox engine.
"""
import logging
from dataclasses import dataclass

from django.conf import settings
from django.template import Context, engines
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from events.dates import event_day, event_hours, is_event_day
from textsafety.names import person_name

from .. import links
from .enums import KINDS_WITH_TICKET
from .html import link_trusted, urls_in_template
from .keys import masked_confirm_url, masked_personal_page_url, masked_survey_url
from .qr import QR_CONTENT_ID
from .sandbox import ORGANIZER_PREAMBLE, compile_organizer_template, ensure_plain, template_problem, used_names

logger = logging.getLogger(__name__)

# What an organizer may write in a template, shown on the admin page next to the body.
PLACEHOLDERS = [
    ("first_name", _("The researcher's first name (invitations: as imported, may be empty)")),
    ("full_name", _("First and last name, with the name in native script if given")),
    ("event.display_name", _("The event's name (its Korean name in Korean emails, when set); also event.name, "
                             "event.conference, event.city, event.venue, event.venue_address")),
    ("event.when", _("The day, start and end of the event, as the event page shows them")),
    ("event.place", _("Venue, address and city in one line")),
    ("event_date", _("The day of the event, in the event's time zone and the email's language")),
    ("event_time", _("Start and end time, in the event's time zone")),
    ("event_today", _("True when the email is written on the day of the event (in its time zone): "
                      "{% if event_today %}tonight{% else %}on {{ event_date }}{% endif %}")),
    ("personal_page_url", _("The researcher's personal page (details, interests, cancel, tables, calendar)")),
    ("survey_url", _("The survey after the dinner (thank-you email; it opens once the researcher has arrived)")),
    ("status", _("The registration's status (applied, confirmed, waitlisted, ...)")),
    ("waitlist_position", _("1 for the next person to get a place; empty when not waitlisted")),
    ("seating", _("Published tables: {% for t in seating %}{{ t.round_number }} {{ t.table_number }} "
                  "{{ t.table_name }} {{ t.theme }} {{ t.hosts }}{% endfor %}")),
    ("seating_text", _("The same tables as text, one line each")),
    ("invitation_code", _("Invitations: the personal code")),
    ("register_url", _("The registration form (invitations: with the code filled in)")),
    ("confirm_url", _("Confirm your registration, register again: the link that confirms the registration")),
    ("confirm_hours", _("How many hours that link works")),
    ("contact_email", _("The event's contact address")),
]


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


# What `event` holds (see _event_fields).
EVENT_FIELDS = ("name", "display_name", "conference", "city", "venue", "venue_address", "place", "contact_email",
                "date", "time", "when")


def known_names():
    """Every name a template can read: the placeholders, and the event's fields one by one."""
    roots = {name.split(".")[0] for name, _description in PLACEHOLDERS} - {"event"}
    return sorted(roots | {f"event.{field}" for field in EVENT_FIELDS})


def unknown_names(source):
    """The names `source` (an organizer's template) reads that no email has: they render empty."""
    known = known_names()
    return sorted(name for name in used_names(source) if not any(name == k or name.startswith(f"{k}.") for k in known))


def _engine():
    return engines["django"].engine


def template_syntax_error(source):
    """Why `source` cannot be an organizer's template (a refused tag, a syntax error), else None."""
    return template_problem(source)


def default_template_names(kind):
    return f"emails/{kind}_subject.txt", f"emails/{kind}.txt"


def default_source(kind):
    """The default file's text, without its `{% load i18n %}` line: a starting point for organizers."""
    subject_name, body_name = default_template_names(kind)
    subject, body = (_engine().get_template(name).source for name in (subject_name, body_name))
    return subject.replace(ORGANIZER_PREAMBLE, "", 1).strip(), body.replace(ORGANIZER_PREAMBLE, "", 1).lstrip("\n")


def _as_text(template, context):
    return template.render(Context(context, autoescape=False))


def _single_line(value):
    return " ".join(value.split())


def render_email(*, event, kind, language, context, organizer_template=None, fallback=True):
    """Subject, text and HTML of one email, in `language`.

    `organizer_template` (an EmailTemplate or None) is tried first; if it fails to render, the
    default files are used so that no registration waits on a broken template (with
    `fallback=False`, as in the preview, the error is raised instead).
    """
    ensure_plain(context)
    with translation.override(language):
        subject = text = None
        if organizer_template is not None:
            try:
                subject = _as_text(compile_organizer_template(organizer_template.subject), context)
                text = _as_text(compile_organizer_template(organizer_template.body), context)
                body_source = organizer_template.body
            except Exception:  # a template that compiled but fails on real data: fall back, never lose the mail
                if not fallback:
                    raise
                logger.exception("Email template %s failed to render; using the default", organizer_template.pk)
                subject = text = None
        if subject is None:
            subject_name, body_name = default_template_names(kind)
            subject = _as_text(_engine().get_template(subject_name), context)
            body_template = _engine().get_template(body_name)
            text = _as_text(body_template, context)
            body_source = body_template.source
        text = text.strip()
        body = link_trusted(text, urls=_system_urls(context) | urls_in_template(body_source),
                            emails=[context.get("contact_email")])
        layout = {"event": _event_fields(event), "body": body, "subject": _single_line(subject),
                  "qr_content_id": QR_CONTENT_ID if kind in KINDS_WITH_TICKET else None}
        ensure_plain(layout)
        html = render_to_string("emails/layout.html", layout)
    return RenderedEmail(subject=_single_line(subject), text=text + "\n", html=html)


def _system_urls(context):
    """The links Roundtable made for this email: every `*_url` value of the context."""
    return {value for key, value in context.items() if key.endswith("_url") and isinstance(value, str)}


def _event_fields(event):
    """The event as a template sees it, in the active language (EVENT_FIELDS); dates as the pages show them."""
    return {
        "name": event.name, "display_name": event.display_name, "conference": event.conference,
        "city": event.city, "venue": event.venue, "venue_address": event.venue_address, "place": event.place,
        "contact_email": event.contact_email, "date": event_day(event), "time": event_hours(event),
        "when": event.when,
    }


def _event_context(event, language, now=None):
    with translation.override(language):
        fields = _event_fields(event)
    return {"event": fields, "event_date": fields["date"], "event_time": fields["time"],
            "event_today": is_event_day(event, now), "contact_email": event.contact_email}


def seating_fields(seating):
    """attendees.published.PublishedTable items as small dicts, and the same as lines of text."""
    tables = [{
        "round_number": table.round_number, "round_basis": table.round_basis, "table_number": table.table_number,
        "table_name": table.table_name, "theme": table.theme, "hosts": table.hosts,
        "host_names": list(table.host_names),
    } for table in seating or []]
    lines = []
    for table in tables:
        line = _("Round %(round)s: table %(number)s") % {"round": table["round_number"],
                                                           "number": table["table_number"]}
        line += "".join(f", {part}" for part in (table["table_name"], table["theme"], table["hosts"]) if part)
        lines.append(line)
    return tables, "\n".join(lines)


def registration_context(registration, *, seating=None, waitlist_position=None, now=None):
    """`now`: when the email is written (its wording may depend on the day, see `event_today`)."""
    researcher = registration.researcher
    with translation.override(registration.language):
        status = str(registration.get_status_display())
        tables, seating_text = seating_fields(seating)
    return {
        **_event_context(registration.event, registration.language, now),
        "first_name": researcher.first_name,
        "full_name": researcher.full_name,
        "personal_page_url": masked_personal_page_url(),
        "survey_url": masked_survey_url(),
        "status": status,
        "waitlist_position": waitlist_position,
        "seating": tables,
        "seating_text": seating_text,
    }


def invitation_context(invitation, *, language):
    event = invitation.event
    register_path = reverse("attendees:register", kwargs={"slug": event.slug}) + f"?code={invitation.code}"
    return {
        **_event_context(event, language),
        "first_name": invitation.first_name,
        "full_name": person_name(invitation.first_name, invitation.last_name),
        "invitation_code": invitation.code,
        "register_url": links.absolute(register_path),
    }


def confirmation_context(registration_request, *, registration=None):
    """A registration request's email: its confirmation link; `registration`, a cancelled one, greets by name.

    Without a registration the email greets nobody by name: the name was typed by whoever sent the
    form, and the address has not been proven yet.
    """
    event = registration_request.event
    context = registration_context(registration) if registration is not None else {
        **_event_context(event, registration_request.language), "first_name": "", "full_name": "",
    }
    return {
        **context,
        "confirm_url": masked_confirm_url(),  # the row points to the request; the link is put in when sending
        "confirm_hours": settings.CONFIRMATION_LINK_HOURS,
        "register_url": links.absolute(reverse("attendees:register", kwargs={"slug": event.slug})),
    }


def address_context(event, *, language):
    """An email to an address that has no registration for `event`: nobody to greet by name."""
    return {
        **_event_context(event, language),
        "first_name": "",
        "full_name": "",
        "register_url": links.absolute(reverse("attendees:register", kwargs={"slug": event.slug})),
    }


def language_or_default(language):
    code = (language or "").split("-")[0].lower()
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
