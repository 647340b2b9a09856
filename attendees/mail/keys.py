"""The personal links in an email: never in a template's reach or a stored row, put in when sending.

Whoever holds a researcher's personal link can see, change and cancel their registration, and a
confirmation link registers its address. So templates (the default files and the organizer's)
get each link with a marker where its signed token goes, e.g.
http://127.0.0.1:8000/my/[personal-link]/, the OutboundEmail row stores that masked text, and
delivery.build_message() puts in the working link of the row's registration or registration
request just before the message goes out, wherever the masked link stands on its own. The
researcher gets the same message as before; Admin → Emails, a database dump or a template that
prints its context hold no link that works. (The check-in QR code and the calendar file are made
when sending too: delivery.py.)
"""
import re
from urllib.parse import unquote

from django.urls import reverse
from django.utils.html import format_html

from .. import links
from .html import TRAILING_PUNCTUATION

PERSONAL_LINK = "[personal-link]"  # where the signed token goes
CONFIRM_LINK = "[confirm-link]"
SURVEY_LINK = "[survey-link]"


def _masked(view_name, marker):
    # reverse() percent-encodes the brackets; the marker reads better as it is.
    return links.absolute(unquote(reverse(view_name, kwargs={"signed": marker})))


def masked_personal_page_url():
    return _masked("portal:personal", PERSONAL_LINK)


def masked_survey_url():
    return _masked("portal:survey", SURVEY_LINK)


def masked_confirm_url():
    return _masked("attendees:confirm", CONFIRM_LINK)


def links_for(email):
    """{masked link: working link} for a stored OutboundEmail, from the registration or request it points to."""
    found = {}
    if email.registration_id is not None:
        found[masked_personal_page_url()] = links.personal_page_url(email.registration)
        found[masked_survey_url()] = links.survey_url(email.registration)
    if email.registration_request_id is not None:
        found[masked_confirm_url()] = links.confirm_url(email.registration_request)
    return found


def _standalone(address):
    """`address` where it stands on its own: after a space, a line break or an opening bracket that
    follows one, and before punctuation and a space or the end (never inside another address)."""
    return re.compile(rf"(?:(?<!\S)|(?<=(?<!\S)[(\[<])){re.escape(address)}"
                      rf"(?=[{re.escape(TRAILING_PUNCTUATION)}]*(?:\s|$))")


def unmask_text(text, found):
    """Plain text (subject, body) with each masked link of `found` that stands on its own made to work.

    A masked link written inside something else ("https://elsewhere.example/?{{ personal_page_url }}")
    stays masked: a template cannot hand a working link to another site.
    """
    for masked, working in found.items():
        text = _standalone(masked).sub(lambda _match, working=working: working, text)
    return text


def unmask_html(html, found):
    """The HTML version: only the links html.link_trusted made of the standalone masked links."""
    for masked, working in found.items():
        html = html.replace(format_html('<a href="{}">{}</a>', masked, masked),
                            format_html('<a href="{}">{}</a>', working, working))
    return html
