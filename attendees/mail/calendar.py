"""The researcher's calendar file (RFC 5545), written by hand: one VEVENT, times in UTC.

Text values are escaped (backslash, semicolon, comma, newline) and every content line is folded
at 75 octets without splitting a UTF-8 character, as sections 3.1 and 3.3.11 require.
"""
from datetime import timezone as dt_timezone
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone, translation

from .. import links
from ..enums import RegistrationStatus

LINE_LIMIT = 75  # octets, excluding the CRLF


def escape_text(value):
    return (
        str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    )


def fold(line):
    """Split one content line into 75-octet pieces; continuation lines start with a space."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = LINE_LIMIT if not pieces else LINE_LIMIT - 1  # the leading space counts
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def utc_stamp(moment):
    return moment.astimezone(dt_timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def registration_uid(registration):
    """Stable for the registration, so a calendar updates the entry instead of adding a second one."""
    host = urlsplit(settings.SITE_URL).hostname or "roundtable"
    return f"registration-{registration.pk}-{registration.event.slug}@{host}"


def calendar_status(status):
    """RFC 5545's STATUS for a registration: only a confirmed place is CONFIRMED; registered or waiting is
    TENTATIVE (the calendar shows it so); cancelled and declined registrations are CANCELLED."""
    if status == RegistrationStatus.CONFIRMED:
        return "CONFIRMED"
    if status in (RegistrationStatus.APPLIED, RegistrationStatus.WAITLISTED):
        return "TENTATIVE"
    return "CANCELLED"


def registration_ics(registration, *, now=None, cancelled=False):
    """The dinner as a calendar entry; `cancelled` gives the update that removes it (same UID)."""
    event = registration.event
    now = now or timezone.now()
    with translation.override(registration.language):  # the researcher's language, wherever the file is made
        summary = event.display_name
    location = event.place
    # The public event page, never the personal link: calendar files are shared and synced.
    event_url = links.absolute(event.get_absolute_url())
    description = f"{event.conference}\n{event_url}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Roundtable//Roundtable//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:CANCEL" if cancelled else "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{registration_uid(registration)}",
        # A calendar applies an update only when its sequence is higher than the entry's: two steps
        # (published, cancelled) each time the researcher registers again.
        f"SEQUENCE:{2 * registration.reregistrations + (1 if cancelled else 0)}",
        f"DTSTAMP:{utc_stamp(now)}",
        f"DTSTART:{utc_stamp(event.starts_at)}",
        f"DTEND:{utc_stamp(event.ends_at)}",
        f"SUMMARY:{escape_text(summary)}",
        f"LOCATION:{escape_text(location)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{event_url}",
        f"STATUS:{'CANCELLED' if cancelled else calendar_status(registration.status)}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)


def ics_filename(registration):
    return f"{registration.event.slug}.ics"
