"""In a real browser set to Korean: the registration form speaks Korean, and the switcher changes the language."""
import re

import pytest
from django.core import mail
from django.urls import reverse

from attendees.models import Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def korean_page(browser, live_server):
    """A tab of a browser whose language is Korean (it sends Accept-Language: ko-KR)."""
    context = browser.new_context(base_url=live_server.url, locale="ko-KR", viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def test_korean_browser_sees_a_korean_registration_form_and_registers_in_hangul(korean_page, event):
    companies = list(event.companies.order_by("pk"))
    areas = list(event.research_areas.order_by("pk"))

    korean_page.goto(reverse("attendees:register", kwargs={"slug": event.slug}))

    assert korean_page.get_attribute("html", "lang") == "ko"
    assert korean_page.inner_text("h1") == "참가 등록"
    assert korean_page.inner_text("label[for=id_first_name]").strip() == "이름*"
    assert korean_page.inner_text("label[for=id_affiliation]").strip() == "대학교 또는 연구기관*"
    assert korean_page.inner_text("label[for=id_company_1]").strip() == "1지망: 기업*"
    assert korean_page.get_attribute("#submit-id-register", "value") == "참가 등록"
    assert korean_page.input_value("#language-select") == "ko"

    korean_page.fill("#id_first_name", "서연")
    korean_page.fill("#id_last_name", "박")
    korean_page.fill("#id_email", "seoyeon@snu.ac.kr")
    korean_page.fill("#id_affiliation", "서울대학교")
    korean_page.select_option("#id_position", "postdoc")
    korean_page.select_option("#id_company_1", str(companies[0].pk))
    korean_page.select_option("#id_research_1", str(areas[0].pk))
    korean_page.check("#id_consent")
    korean_page.click("#submit-id-register")

    korean_page.wait_for_selector("#registration-outcome")
    assert korean_page.inner_text("#registration-outcome h1") == "받은편지함을 확인해 주십시오"
    (request_mail,) = mail.outbox
    assert request_mail.subject.startswith("등록 확인 요청: ")
    korean_page.goto(re.search(r"https?://[^/\s]+(/confirm/[^/\s]+/)", request_mail.body).group(1))
    assert korean_page.inner_text("#confirm-button") == "등록 확인하기"
    korean_page.click("#confirm-button")
    korean_page.wait_for_selector("#registration-status")
    registration = Registration.objects.select_related("researcher").get()
    assert (registration.researcher.affiliation, registration.language) == ("서울대학교", "ko")


def test_language_switcher_turns_an_english_page_korean(page, event):
    page.goto(reverse("attendees:register", kwargs={"slug": event.slug}))
    assert page.inner_text("h1") == "Register"

    with page.expect_navigation():
        page.select_option("#language-select", "ko")

    assert page.inner_text("h1") == "참가 등록"
    assert page.get_attribute("#submit-id-register", "value") == "참가 등록"
