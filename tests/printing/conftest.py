"""A seated event with Korean names, an organizer's client, and reading the PDFs it prints
(pypdfium2: each page rendered to an image, and its text)."""
import re

import pypdfium2
import pytest
from django.urls import reverse

from attendees.models import Researcher
from tests.accounts import staff_account
from tests.tables.conftest import make_event, theme_and_seat

HANGUL = re.compile("[\uac00-\ud7a3]")
KOREAN_NAMES = ["김민준", "이서연", "박지호"]


@pytest.fixture
def dinner(db):
    """Two rounds seated at four tables; three researchers with names in Hangul, one at a Korean university."""
    event = theme_and_seat(make_event(researchers=12, tables=4, hosts_per_company=(4, 4)))
    for native_name, researcher in zip(KOREAN_NAMES, Researcher.objects.filter(registrations__event=event)
                                       .order_by("pk"), strict=False):
        researcher.native_name = native_name
        researcher.affiliation = "서울대학교"
        researcher.save()
    return event


@pytest.fixture
def organizer(client, django_user_model, dinner):
    client.force_login(staff_account(django_user_model, "organizer", "Organizer", dinner, is_staff=True))
    return client


def url(name, event, round_number=1, **query):
    target = event.pk if name in ("badges", "event") else event.rounds.get(number=round_number).pk
    path = reverse(f"printing:{name}", args=[target])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def pdf_of(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return pypdfium2.PdfDocument(response.content)


def text_of(document):
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def ink(page):
    """The share of the page drawn darker than light grey, rendered as a picture at 50 dpi."""
    image = page.render(scale=50 / 72).to_pil().convert("L")
    histogram = image.histogram()
    return sum(histogram[:200]) / sum(histogram)


def page_size_mm(page):
    width, height = page.get_size()  # PDF points
    return round(width * 25.4 / 72), round(height * 25.4 / 72)


def fonts_of(page):
    """The names of the fonts the page's text is drawn with (as embedded, e.g. "ABCDEF+Noto-Sans-CJK-KR")."""
    import ctypes

    import pypdfium2.raw as pdfium

    font_name = getattr(pdfium, "FPDFFont_GetBaseFontName", None) or pdfium.FPDFFont_GetFontName
    names = set()
    for obj in page.get_objects():
        if obj.type == pdfium.FPDF_PAGEOBJ_TEXT:
            font = pdfium.FPDFTextObj_GetFont(obj)
            buffer = ctypes.create_string_buffer(font_name(font, None, 0))
            font_name(font, buffer, len(buffer))
            names.add(buffer.value.decode())
    return names
