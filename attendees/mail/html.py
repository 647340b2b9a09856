"""The HTML version of an email's plain text: escaped, with only trusted addresses as links.

Django's `urlize` links every address in the text, including one a researcher typed as their name
("Visit http://evil.example now"), so an email with the organizer's name on it would carry a
phishing link. Here only exact addresses the caller trusts become links: the links Roundtable
made itself (personal page, registration link), the event's contact address, and the web
addresses an organizer wrote into the template. Anything else, wherever it comes from, stays
escaped text. (A mail client may still link an address in the plain-text part on its own; the
forms refuse names that look like one, textsafety.fields.NameField.)
"""
import re

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

# An http(s) address written in a template's source, up to a space, a quote, a tag or a `{{`.
TEMPLATE_URL = re.compile(r"https?://[^\s<>\"'{}]+")
TRAILING_PUNCTUATION = ".,;:!?)]>"


def urls_in_template(source):
    """The web addresses written literally in a template's source (the organizer's own links)."""
    return {match.group().rstrip(TRAILING_PUNCTUATION) for match in TEMPLATE_URL.finditer(source)}


def _trusted_pattern(addresses):
    alternatives = "|".join(re.escape(a) for a in sorted(addresses, key=len, reverse=True))
    # A whole word only: "https://site/p/abc" is not linked inside "https://site/p/abcdef" or
    # "evil.example/https://site/p/abc"; punctuation may follow, as in "write to x@y.org."
    return re.compile(rf"(?<![^\s(\[<])(?:{alternatives})(?=[{re.escape(TRAILING_PUNCTUATION)}]*(?:\s|$))")


def link_trusted(text, *, urls=(), emails=()):
    """`text` as safe HTML: escaped, each of `urls` and `emails` (mailto) a link where it appears whole.

    Newlines are kept as they are; the layout's `linebreaks` makes paragraphs of them.
    """
    urls, emails = {u for u in urls if u}, {e for e in emails if e}
    if not urls and not emails:
        return escape(text)
    pieces, position = [], 0
    for match in _trusted_pattern(urls | emails).finditer(text):
        pieces.append(escape(text[position:match.start()]))
        address = match.group()
        href = address if address in urls else f"mailto:{address}"
        pieces.append(format_html('<a href="{}">{}</a>', href, address))
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))
