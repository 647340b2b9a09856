"""HTML to PDF with WeasyPrint (needs pango: README, "Printing"), on A4 or Letter.

The documents carry people's names and affiliations as typed: the templates escape them, and the
renderer fetches nothing but the data: URIs the templates embed (QR codes), so no text can make the
server read a file or call an address while printing.
"""
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

PAPERS = {"a4": ("A4", _("A4")), "letter": ("letter", _("Letter"))}
MARGIN = "10mm"


class PdfUnavailable(Exception):
    """WeasyPrint's system libraries (pango) are missing on this server."""


def _weasyprint():
    # Imported on first use: without pango the site still starts, and the page says what is missing.
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # not installed, or installed without pango (OSError)
        raise PdfUnavailable(str(exc)) from exc
    return weasyprint


def url_fetcher():
    """What WeasyPrint may open: the data: URIs in our own templates, never a file or a web address."""
    return _weasyprint().URLFetcher(allowed_protocols={"data"})


def render_pdf(template, context, *, paper, stylesheets=()):
    """The PDF of `template` rendered with `context`, with the static `stylesheets` (e.g. "css/printables.css")."""
    weasyprint = _weasyprint()
    fetcher = url_fetcher()
    sheets = []
    for path in stylesheets:
        with open(finders.find(path), encoding="utf-8") as sheet:
            sheets.append(weasyprint.CSS(string=sheet.read(), url_fetcher=fetcher))
    size, _label = PAPERS[paper]
    sheets.append(weasyprint.CSS(string=f"@page {{ size: {size}; margin: {MARGIN}; }}", url_fetcher=fetcher))
    html = weasyprint.HTML(string=render_to_string(template, context), url_fetcher=fetcher)
    return html.write_pdf(stylesheets=sheets)
