"""When an event takes place, written one way for pages and emails alike, in the active language.

The formats are translatable strings (context "date format"): "Wednesday, 16 June 2027, 18:30–21:30 PDT"
in English, "2027년 6월 16일 수요일 18:30–21:30 PDT" in Korean. Times are the venue's (the event's time zone).
"""
from django.utils import dateformat, timezone
from django.utils.translation import pgettext


def _local(event, moment):
    return timezone.localtime(moment, event.tzinfo)


def event_when(event):
    """The day, start and end of `event`: what the event page, the personal page and every email show."""
    starts_format = pgettext("date format", "l, j F Y, H:i")
    return f"{dateformat.format(_local(event, event.starts_at), starts_format)}–{_end_time(event)}"


def event_day(event):
    """The day alone, e.g. "Wednesday, 16 June 2027"."""
    return dateformat.format(_local(event, event.starts_at), pgettext("date format", "l, j F Y"))


def is_event_day(event, now=None):
    """Whether `now` falls on the day `event` starts, at the venue: an email may then say "tonight"."""
    return _local(event, now or timezone.now()).date() == _local(event, event.starts_at).date()


def event_hours(event):
    """Start and end time with the time zone's abbreviation, e.g. "18:30–21:30 PDT"."""
    return f"{dateformat.format(_local(event, event.starts_at), 'H:i')}–{_end_time(event)}"


def _end_time(event):
    return dateformat.format(_local(event, event.ends_at), "H:i T")


def event_place(event):
    """Venue, street address and city, the city once: "Fairmont Waterfront, 900 Canada Pl, Vancouver, BC"."""
    parts = [event.venue, event.venue_address]
    if event.city and event.city.casefold() not in event.venue_address.casefold():
        parts.append(event.city)
    return ", ".join(part for part in parts if part)
