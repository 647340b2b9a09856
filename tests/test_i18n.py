"""English and Korean: the public pages, the door pages and every email in Korean, and a complete catalog.

The Korean strings asserted here come from locale/ko/LC_MESSAGES/django.po; the browser's
`Accept-Language` (or the registration's stored language, for emails) picks the language.
"""
import gettext
import re
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from attendees import links
from attendees.enums import RegistrationStatus
from attendees.mail.enums import EmailKind
from attendees.mail.queue import queue_registration_email
from attendees.mail.rendering import invitation_context, render_email
from attendees.models import OutboundEmail, Registration
from portal.mail import queue_seating_email
from tables.enums import RoundBasis
from tests.attendees.test_registration import form_data, register_and_confirm, register_url
from tests.mail import written
from tests.factories import (
    EventFactory, InvitationFactory, RegistrationFactory, ResearcherFactory, RoundFactory, SeatFactory, TableFactory,
    TableThemeFactory,
)

pytestmark = pytest.mark.django_db

KOREAN = {"HTTP_ACCEPT_LANGUAGE": "ko-KR,ko;q=0.9,en;q=0.5"}
CATALOG_DIR = Path(settings.BASE_DIR) / "locale" / "ko" / "LC_MESSAGES"
PO_PATH, MO_PATH = CATALOG_DIR / "django.po", CATALOG_DIR / "django.mo"

# 18:30 in Vancouver (PDT, UTC-7) on Wednesday 16 June 2027, until 21:30.
DINNER_START = datetime(2027, 6, 17, 1, 30, tzinfo=timezone.utc)
DINNER_END = datetime(2027, 6, 17, 4, 30, tzinfo=timezone.utc)


@pytest.fixture
def send_after_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def personal_url(registration):
    return reverse("portal:personal", kwargs={"signed": links.personal_page_token(registration)})


def korean_registration(event, **researcher):
    return RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED, language="ko",
                               researcher=ResearcherFactory(**researcher))


# --- Public pages ---------------------------------------------------------------------------------------------


def test_registration_form_is_korean_for_a_korean_browser(client, event):
    response = client.get(register_url(event), **KOREAN)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ko">' in html
    assert '<h1 class="h3 mb-1">참가 등록</h1>' in html
    assert 'value="참가 등록"' in html  # the submit button
    assert "<legend>본인 정보</legend>" in html
    assert "누구를 만나고 싶으신가요?" in html
    assert "대학교 또는 연구기관" in html
    assert "1지망: 기업" in html
    assert "개인정보 처리 안내" in html


def test_registration_form_stays_english_without_a_korean_browser(client, event):
    response = client.get(register_url(event), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    html = response.content.decode()
    assert 'value="Register"' in html
    assert "1st choice: company" in html
    assert "참가 등록" not in html


def test_registration_form_errors_are_korean(client, event):
    response = client.post(register_url(event), form_data(event, consent=None, first_name=""), **KOREAN)

    assert response.status_code == 200
    assert response.context["form"].errors["consent"] == ["등록하려면 개인정보 처리 안내에 동의해 주세요."]
    assert response.context["form"].errors["first_name"] == ["필수 항목입니다."]  # Django's own catalog


def test_done_page_is_korean(client, event):
    response = client.post(register_url(event), form_data(event), follow=True, **KOREAN)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="h4">받은편지함을 확인해 주십시오</h1>' in html
    assert "행사 페이지로 돌아가기" in html


def test_personal_page_is_korean_for_a_korean_browser(client, event):
    registration = korean_registration(event)

    response = client.get(personal_url(registration), **KOREAN)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="h3 mb-1">내 등록 정보</h1>' in html
    assert '<span class="badge text-bg-success fs-6">확정됨</span>' in html
    assert "참석이 확정되었습니다. 만찬에서 뵙겠습니다!" in html
    assert "캘린더에 추가 (.ics)" in html
    assert 'value="변경 사항 저장"' in html
    assert "등록 취소하기" in html


def test_personal_page_shows_published_tables_in_korean(client, event):
    registration = korean_registration(event)
    company = event.companies.order_by("pk").first()
    round_1 = RoundFactory(event=event, number=1, basis=RoundBasis.COMPANY, published_at=DINNER_START)
    table = TableFactory(event=event, number=5)
    TableThemeFactory(round=round_1, table=table, company=company)
    SeatFactory(round=round_1, table=table, registration=registration)

    response = client.get(personal_url(registration), **KOREAN)

    assert f"<strong>1라운드: 5번 테이블</strong> · {company.name_ko}" in response.content.decode()


def test_cancel_page_is_korean(client, event):
    registration = korean_registration(event)

    response = client.get(reverse("portal:personal_cancel",
                                  kwargs={"signed": links.personal_page_token(registration)}), **KOREAN)

    html = response.content.decode()
    assert '<h1 class="h4">등록을 취소하시겠습니까?</h1>' in html
    assert "예, 등록을 취소합니다" in html


def test_event_page_shows_the_date_in_the_event_time_zone_in_korean_and_english(client):
    event = EventFactory(starts_at=DINNER_START, ends_at=DINNER_END,
                         registration_opens_at=datetime(2027, 5, 1, 16, 0, tzinfo=timezone.utc),
                         registration_closes_at=datetime(2027, 6, 14, 6, 59, tzinfo=timezone.utc))

    korean = client.get(event.get_absolute_url(), **KOREAN).content.decode()
    english = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "2027년 6월 16일 수요일 18:30–21:30 PDT" in korean
    assert "Wednesday, 16 June 2027, 18:30–21:30 PDT" in english


def test_event_list_shows_the_day_in_korean(client):
    EventFactory(starts_at=DINNER_START, ends_at=DINNER_END)

    response = client.get(reverse("events:list"), **KOREAN)

    html = response.content.decode()
    assert "예정된 행사" in html
    assert "2027년 6월 16일" in html


def test_language_switcher_turns_the_site_korean(client, event):
    form_url = register_url(event)

    switched = client.post(reverse("set_language"), {"language": "ko", "next": form_url})
    response = client.get(form_url)

    assert (switched.status_code, switched.url) == (302, form_url)
    assert 'value="참가 등록"' in response.content.decode()
    assert '<option value="ko" selected>한국어</option>' in response.content.decode()


def test_language_switcher_goes_back_to_english(client, event):
    client.post(reverse("set_language"), {"language": "ko", "next": "/"})

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(register_url(event), **KOREAN)  # the chosen language beats the browser's

    assert 'value="Register"' in response.content.decode()


# --- Hangul names and affiliations ----------------------------------------------------------------------------


def test_hangul_name_and_affiliation_are_kept_and_shown_on_the_personal_page_and_in_the_email(
        client, event, send_after_commit):
    data = form_data(event, first_name="민준", last_name="김", native_name="", affiliation="서울대학교",
                     lab="시각지능 연구실")

    with send_after_commit():
        register_and_confirm(client, event, data, **KOREAN)

    registration = Registration.objects.select_related("researcher").get()
    researcher = registration.researcher
    assert (researcher.first_name, researcher.last_name, researcher.affiliation, registration.language) == (
        "민준", "김", "서울대학교", "ko")
    page = client.get(personal_url(registration), **KOREAN).content.decode()
    assert '<p class="text-body-secondary">김민준 · minjun@kaist.ac.kr</p>' in page  # Korean order
    assert 'value="서울대학교"' in page
    assert 'value="시각지능 연구실"' in page
    (_, message) = mail.outbox
    assert message.subject == f"등록 접수 안내: {event.name}"
    assert message.body.startswith("민준 님, 안녕하십니까.\n")
    assert "민준 님, 안녕하십니까." in message.alternatives[0].content


# --- Check-in at the door -------------------------------------------------------------------------------------


def test_checkin_search_page_is_korean(staff_client, event):
    korean_registration(event, first_name="서연", last_name="박", affiliation="서울대학교")

    response = staff_client.get(reverse("checkin:event", kwargs={"slug": event.slug}), {"q": "서울대"}, **KOREAN)

    html = response.content.decode()
    assert response.status_code == 200
    assert f"<title>체크인 · {event.name}</title>" in html
    assert "검색</button>" in html
    assert "박서연" in html and "서울대학교" in html
    assert "도착 처리" in html
    assert '<span class="text-body-secondary">도착</span>' in html


def test_checkin_guest_page_and_refusal_are_korean(staff_client, event):
    waitlisted = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)

    response = staff_client.get(reverse("checkin:guest", kwargs={"signed": links.checkin_token(waitlisted)}),
                                **KOREAN)

    html = response.content.decode()
    assert "이 등록은 ‘대기 중’ 상태라 체크인할 수 없습니다. 주최 측으로 안내해 주세요." in html
    assert "다른 참석자 검색" in html


def test_checkin_message_is_korean(staff_client, event):
    registration = RegistrationFactory(event=event, researcher__first_name="Jiwoo", researcher__last_name="Lee")

    response = staff_client.post(reverse("checkin:arrive", kwargs={"slug": event.slug}),
                                 {"registration": registration.pk}, follow=True, **KOREAN)

    (message,) = [str(m) for m in response.context["messages"]]
    assert re.fullmatch(r"\d\d:\d\d 도착: Jiwoo Lee\.", message)


# --- Emails ---------------------------------------------------------------------------------------------------


@pytest.fixture
def dinner():
    return EventFactory(offerings=True, name="LG AI 탤런트 디너", starts_at=DINNER_START, ends_at=DINNER_END,
                        contact_email="talent@lg.example")


def english_words(text):
    """Latin words left in a Korean email, besides links, addresses, and the venue and time zone names."""
    text = re.sub(r"https?://\S+|\S+@\S+|Waterfront|America/Vancouver|Vancouver|PDT", "", text)
    return re.findall(r"[A-Za-z]{3,}", text)


KOREAN_EMAILS = [
    (EmailKind.REGISTERED, "등록 접수 안내: LG AI 탤런트 디너",
     "LG AI 탤런트 디너에 등록해 주셔서 감사합니다. 등록이 접수되었으며, 참석 확정 여부는 주최 측에서 이메일로 알려 드립니다."),
    (EmailKind.CONFIRMED, "참석 확정 안내: LG AI 탤런트 디너", "LG AI 탤런트 디너 참석이 확정되었습니다. 뵙기를 고대하겠습니다."),
    (EmailKind.WAITLISTED, "대기자 명단 안내: LG AI 탤런트 디너", "자리는 등록한 순서대로 배정됩니다."),
    (EmailKind.PROMOTED, "자리가 배정되었습니다: LG AI 탤런트 디너",
     "반가운 소식입니다. LG AI 탤런트 디너에 자리가 나서 귀하께 배정되었습니다. 참석이 확정되었습니다."),
    (EmailKind.CANCELLED, "등록 취소 안내: LG AI 탤런트 디너", "다음 만찬에서 뵙기를 바랍니다."),
    # Written months before the dinner: the day, not "tonight" (tests/portal/test_seating_email_wording.py).
    (EmailKind.SEATING, "2027년 6월 16일 수요일 테이블 안내: LG AI 탤런트 디너", "2027년 6월 16일 수요일 배정된 테이블:"),
    (EmailKind.ALREADY_REGISTERED, "이미 등록되어 있습니다: LG AI 탤런트 디너",
     "이 주소는 이미 등록되어 있어 변경된 내용은 없습니다.\n현재 등록 상태: 확정됨."),
    (EmailKind.PERSONAL_LINK, "개인 링크 안내: LG AI 탤런트 디너", "개인 페이지 링크를 요청했습니다. 링크는 다음과 같습니다:"),
    (EmailKind.NEW_LINK, "새 개인 링크 안내: LG AI 탤런트 디너", "이전 링크와 체크인 코드는 더 이상 사용할 수 없습니다."),
]


@pytest.mark.parametrize(("kind", "subject", "sentence"), KOREAN_EMAILS, ids=[k for k, _, _ in KOREAN_EMAILS])
def test_each_registration_email_is_written_in_the_registrations_language(dinner, kind, subject, sentence):
    registration = korean_registration(dinner, first_name="지우")

    email = written(queue_registration_email(registration=registration, kind=kind))

    assert (email.language, email.subject) == ("ko", subject)
    assert email.body_text.startswith("지우 님, 안녕하십니까.\n")
    assert sentence in email.body_text
    assert english_words(email.subject + email.body_text) == []
    assert '<html lang="ko">' in email.body_html


@pytest.mark.parametrize("kind", [EmailKind.REGISTERED, EmailKind.CONFIRMED, EmailKind.PROMOTED])
def test_emails_with_a_ticket_give_the_korean_date_in_the_event_time_zone(dinner, kind):
    registration = korean_registration(dinner)

    email = written(queue_registration_email(registration=registration, kind=kind))

    assert "일시: 2027년 6월 16일 수요일 18:30–21:30 PDT\n" in email.body_text  # as the event page writes it
    assert "장소: Waterfront, Vancouver\n" in email.body_text
    assert 'alt="체크인 QR 코드"' in email.body_html


def test_seating_email_lists_the_tables_in_korean(dinner):
    registration = korean_registration(dinner)
    area = dinner.research_areas.order_by("pk").first()
    round_2 = RoundFactory(event=dinner, number=2, basis=RoundBasis.RESEARCH, published_at=DINNER_START)
    table = TableFactory(event=dinner, number=11)
    TableThemeFactory(round=round_2, table=table, company=None, research_area=area)
    SeatFactory(round=round_2, table=table, registration=registration)

    email = written(queue_seating_email(registration=registration))

    assert f"- 2라운드: 11번 테이블, {area.name_ko}\n" in email.body_text


def test_english_registration_still_gets_english_email(dinner):
    registration = RegistrationFactory(event=dinner, language="en", researcher__first_name="Jiwoo")

    email = written(queue_registration_email(registration=registration, kind=EmailKind.CONFIRMED))

    assert email.subject == "Your place is confirmed: LG AI 탤런트 디너"
    assert "When: Wednesday, 16 June 2027, 18:30–21:30 PDT\n" in email.body_text


def test_registering_from_a_korean_browser_sends_the_korean_emails(client, event, send_after_commit):
    with send_after_commit():
        register_and_confirm(client, event, form_data(event), **KOREAN)

    assert [m.subject for m in mail.outbox] == [f"등록 확인 요청: {event.name}", f"등록 접수 안내: {event.name}"]
    assert list(OutboundEmail.objects.values_list("language", flat=True)) == ["ko", "ko"]


def test_confirmation_request_email_is_korean_and_greets_nobody_by_the_typed_name(dinner, send_after_commit, client):
    with send_after_commit():
        client.post(register_url(dinner), form_data(dinner, first_name="민준"), **KOREAN)

    (message,) = mail.outbox
    assert message.subject == "등록 확인 요청: LG AI 탤런트 디너"
    assert message.body.startswith("안녕하십니까.\n\n누군가(아마도 본인)가 이 이메일 주소로 LG AI 탤런트 디너 등록 양식을")
    assert "링크는 24시간 동안 유효합니다. 순서는 등록을 확인하는 시점에 정해집니다.\n" in message.body
    assert "민준" not in message.body
    assert english_words(message.subject + message.body) == []


def test_no_registration_answer_of_the_lost_link_form_is_korean(dinner, send_after_commit, client):
    with send_after_commit():
        client.post(reverse("attendees:lost_link", kwargs={"slug": dinner.slug}), {"email": "nobody@snu.example"},
                    **KOREAN)

    (message,) = mail.outbox
    assert message.subject == "등록되지 않은 주소: LG AI 탤런트 디너"
    assert "이 이메일 주소로 된 이 행사의 등록은 없습니다." in message.body
    assert english_words(message.subject + message.body) == []


def test_invitation_email_renders_in_korean_when_asked(dinner):
    invitation = InvitationFactory(event=dinner, first_name="하나")

    rendered = render_email(event=dinner, kind=EmailKind.INVITATION, language="ko",
                            context=invitation_context(invitation, language="ko"))

    assert rendered.subject == "초대장: LG AI 탤런트 디너"
    assert rendered.text.startswith("하나 님, 안녕하십니까.\n")
    assert f"개인 초대 코드: {invitation.code}\n" in rendered.text


# --- The catalog ----------------------------------------------------------------------------------------------


def _unquote(literal):
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), literal.strip()[1:-1])


def read_po(path):
    """Every entry but the header as {flags, ctx, id, plural?, strs}: a small reader, enough for our catalog."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, field = {"flags": set(), "ctx": None, "id": "", "strs": []}, None
        for line in block.splitlines():
            keyword, _, literal = line.partition(" ")
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                if field == "strs":
                    entry["strs"][-1] += _unquote(line)
                else:
                    entry[field] += _unquote(line)
            elif keyword.startswith("msgstr"):
                field = "strs"
                entry["strs"].append(_unquote(literal))
            else:
                field = {"msgctxt": "ctx", "msgid": "id", "msgid_plural": "plural"}[keyword]
                entry[field] = _unquote(literal)
        if entry["id"]:
            entries.append(entry)
    return entries


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{.*?\}\}|\{%.*?%\}|<[^>]+>")


def test_korean_catalog_has_every_message_translated_and_none_fuzzy():
    entries = read_po(PO_PATH)

    assert len(entries) > 400
    assert [e["id"] for e in entries if "fuzzy" in e["flags"]] == []
    assert [e["id"] for e in entries if not all(e["strs"])] == []
    assert "Plural-Forms: nplurals=1; plural=0;" in PO_PATH.read_text(encoding="utf-8")


def test_korean_translations_keep_every_placeholder_and_tag():
    mismatched = [
        (e["id"], text) for e in read_po(PO_PATH) for text in e["strs"]
        if sorted(PLACEHOLDER.findall(e["id"])) != sorted(PLACEHOLDER.findall(text))
    ]

    assert mismatched == []


def test_compiled_catalog_matches_the_po_file():
    with MO_PATH.open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog

    expected = {}
    for entry in read_po(PO_PATH):
        key = f"{entry['ctx']}\x04{entry['id']}" if entry["ctx"] is not None else entry["id"]
        if "plural" in entry:
            expected.update({(key, index): text for index, text in enumerate(entry["strs"])})
        else:
            expected[key] = entry["strs"][0]
    assert {key: value for key, value in catalog.items() if key != ""} == expected


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
def test_committed_mo_is_what_compilemessages_makes_of_the_po(tmp_path):
    fresh = tmp_path / "django.mo"

    result = subprocess.run(["msgfmt", "--check-format", "--statistics", "-o", str(fresh), str(PO_PATH)],
                            capture_output=True, text=True, check=True)

    assert re.fullmatch(r"\d+ translated messages\.\n", result.stderr)
    assert fresh.read_bytes() == MO_PATH.read_bytes()


def test_event_korean_name_and_description_on_korean_pages(client, event):
    event.name_ko = "CVPR 2027 LG AI 탤런트 디너"
    event.description_ko = "두 라운드로 진행되는 저녁입니다."
    event.description = "An evening in two rounds."
    event.save()

    korean = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    english = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "CVPR 2027 LG AI 탤런트 디너" in korean
    assert "두 라운드로 진행되는 저녁입니다." in korean
    assert "An evening in two rounds." not in korean
    assert event.name in english
    assert "탤런트" not in english
