"""Issue 14's printables and issue 12's table cards as PDF: rendered pages are not blank, Hangul is
there as text (the font draws it), A4 and Letter, English and Korean, participant text stays text."""
import math
import re
from urllib.parse import urlsplit

import pytest
import zxingcpp
from django.utils import translation

from attendees import links
from attendees.enums import RegistrationStatus
from attendees.models import EventHost, Registration
from printing import documents
from printing.pdf import url_fetcher
from tables.models import Seat, TableTheme
from tests.accounts import staff_account

from .conftest import HANGUL, KOREAN_NAMES, fonts_of, ink, page_size_mm, pdf_of, text_of, url

pytestmark = pytest.mark.django_db
A4, LETTER = (210, 297), (216, 279)


def test_badges_in_korean_on_a4_show_the_hangul_names_and_labels(organizer, dinner):
    response = organizer.get(url("badges", dinner, paper="a4", lang="ko"))
    document = pdf_of(response)
    text = text_of(document)
    people = Registration.objects.filter(event=dinner, status=RegistrationStatus.CONFIRMED).count() \
        + EventHost.objects.filter(event=dinner).count()

    assert len(document) == math.ceil(people / 8)
    assert page_size_mm(document[0]) == A4
    assert ink(document[0]) > 0.02  # names, frames and QR codes, not an empty page
    assert all(name in text for name in KOREAN_NAMES)
    assert "서울대학교" in text and "연구자" in text and "호스트" in text
    # Drawn with the Korean font ./dev installs, not a fallback that would print empty boxes.
    assert any("Noto-Sans-CJK-KR" in name for name in fonts_of(document[0]))
    assert '-badges-a4-ko.pdf"' in response["Content-Disposition"]


def test_badges_in_english_on_letter(organizer, dinner):
    document = pdf_of(organizer.get(url("badges", dinner, paper="letter", lang="en")))
    text = text_of(document)

    assert page_size_mm(document[0]) == LETTER
    assert ink(document[len(document) - 1]) > 0.01
    assert "Researcher" in text and "Host" in text and "PhD student" in text
    assert "연구자" not in text
    assert all(name in text for name in KOREAN_NAMES)  # a name is written as its owner writes it


def test_researchers_badges_carry_their_check_in_code_and_hosts_none(dinner):
    people = documents.badges(dinner)
    researchers = [p for p in people if p.qr]

    assert len(researchers) == Registration.objects.filter(event=dinner, status=RegistrationStatus.CONFIRMED).count()
    assert all(p.qr.startswith("data:image/png;base64,") for p in researchers)
    assert {p.role for p in people if not p.qr} == {"Host"}


def test_the_printed_codes_scan_to_the_guests_check_in_links(organizer, dinner, client, django_user_model):
    document = pdf_of(organizer.get(url("badges", dinner, paper="letter", lang="en")))
    scanned = [code.text for code in zxingcpp.read_barcodes(document[0].render(scale=150 / 72).to_pil())]
    registrations = Registration.objects.filter(event=dinner, status=RegistrationStatus.CONFIRMED)
    links_of = {links.checkin_url(r): r for r in registrations.select_related("researcher")}

    assert len(scanned) == min(8, registrations.count())  # a full first page of researchers' badges
    assert set(scanned) <= set(links_of)
    guest = links_of[scanned[0]].researcher
    client.force_login(staff_account(django_user_model, "door", "Door staff", dinner))
    assert guest.last_name in client.get(urlsplit(scanned[0]).path).content.decode()


def test_only_confirmed_researchers_get_a_badge(dinner):
    waiting = Registration.objects.filter(event=dinner).order_by("pk").first()
    Registration.objects.filter(pk=waiting.pk).update(status=RegistrationStatus.WAITLISTED)

    names = {p.name for p in documents.badges(dinner)}

    assert f"{waiting.researcher.first_name} {waiting.researcher.last_name}" not in names


def test_table_cards_pdf_has_a_page_per_table_in_korean(organizer, dinner):
    round_2 = dinner.rounds.get(number=2)
    document = pdf_of(organizer.get(url("table_cards", dinner, 2, paper="a4", lang="ko")))
    text = text_of(document)
    themes = TableTheme.objects.filter(round=round_2).select_related("research_area")

    assert len(document) == dinner.tables.count()
    assert all(ink(page) > 0.005 for page in document)
    assert "대화 시작 질문" in text and "테이블의 공통 관심사" in text
    assert all(theme.research_area.name_ko in text for theme in themes)
    assert HANGUL.search(text.split("대화 시작 질문")[1])  # the openers themselves are Korean


def test_table_cards_pdf_in_english_on_letter(organizer, dinner):
    document = pdf_of(organizer.get(url("table_cards", dinner, 1, paper="letter", lang="en")))
    text = text_of(document)

    assert page_size_mm(document[0]) == LETTER
    assert "Conversation openers" in text and "What the table shares" in text
    assert "대화 시작 질문" not in text


def test_place_cards_put_four_per_page_table_by_table(organizer, dinner):
    round_1 = dinner.rounds.get(number=1)
    document = pdf_of(organizer.get(url("place_cards", dinner, 1, paper="a4", lang="ko")))
    per_table = [Seat.objects.filter(round=round_1, table=table).count() for table in dinner.tables.all()]
    text = text_of(document)

    assert len(document) == sum(math.ceil(n / 4) for n in per_table if n)
    assert ink(document[0]) > 0.01
    assert all(name in text for name in KOREAN_NAMES)
    assert "1번 테이블" in text


def test_participant_text_is_printed_as_text_and_fetches_nothing(organizer, dinner):
    registration = Registration.objects.filter(event=dinner).order_by("pk").last()
    registration.researcher.affiliation = '<img src="file:///etc/hostname">Evil U'
    registration.researcher.save()

    text = text_of(pdf_of(organizer.get(url("badges", dinner, lang="en"))))

    # As printed: the affiliation wraps over two lines, so compare without the spaces and line breaks.
    assert '<imgsrc="file:///etc/hostname">EvilU' in "".join(text.split())


def test_the_renderer_opens_data_uris_only():
    fetcher = url_fetcher()

    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/hostname")
    with pytest.raises(ValueError):
        fetcher.fetch("http://127.0.0.1:9/")
    assert fetcher.fetch("data:text/plain,ok") is not None


def test_a_big_event_prints_in_parts(organizer, dinner, monkeypatch):
    monkeypatch.setitem(documents.PER_PART, documents.BADGES, 8)
    everyone = [p.name for p in documents.badges(dinner, part=1)] + [p.name for p in documents.badges(dinner, part=2)] \
        + [p.name for p in documents.badges(dinner, part=3)]

    response = organizer.get(url("badges", dinner, lang="en", part=2))
    words = " ".join(text_of(pdf_of(response)).split())  # a long name may wrap onto two lines

    def printed(name):
        return re.search(rf"\b{re.escape(name)}\b", words) is not None  # "Kim1" is not "Kim12"

    assert len(everyone) == len(set(everyone)) == len(documents.badges(dinner, part=1)) + 12
    assert all(printed(name) for name in everyone[8:16]) and not printed(everyone[0])
    assert '-badges-part-2-a4-en.pdf"' in response["Content-Disposition"]


@pytest.mark.parametrize("size", (10, 30))
def test_badge_queries_do_not_grow_with_the_event(django_assert_num_queries, size):
    from tests.tables.conftest import make_event

    event = make_event(researchers=size, tables=2)
    with translation.override("en"), django_assert_num_queries(3):
        assert len(documents.badges(event)) == size + 8
