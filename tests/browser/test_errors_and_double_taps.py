"""In a real browser on a phone-sized screen: after a failed save the mistakes are in sight, and a double tap
on a form's button sends one POST (and the form still works without script)."""
import re

import pytest
from django.core import mail
from django.urls import reverse

from attendees.enums import RegistrationStatus
from attendees.models import Registration, RegistrationRequest
from tests.browser.registration import confirm_path, fill_in_the_registration_form
from tests.factories import RegistrationFactory
from tests.test_i18n import personal_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    """A Korean researcher's phone."""
    context = browser.new_context(base_url=live_server.url, locale="ko-KR", viewport=PHONE)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


@pytest.fixture
def phone_without_script(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport=PHONE, java_script_enabled=False)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def posts_to(page, pattern):
    """The POST requests the tab sends to paths matching `pattern`, as a list that fills as they go."""
    sent = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" and re.search(pattern, r.url) else None)
    return sent


def double_tap(page, selector):
    """Two taps 60 ms apart, where a thumb would land: the first request is on its way when the second comes."""
    box = page.locator(selector).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    page.wait_for_timeout(60)
    page.mouse.click(x, y)


def summary_in_sight(page):
    return page.evaluate("""() => {
        const summary = document.getElementById("form-error-summary");
        const box = summary.getBoundingClientRect();
        return {focused: document.activeElement === summary, top: box.top, bottom: box.bottom,
                role: summary.getAttribute("role"), height: window.innerHeight};
    }""")


def test_failed_save_on_the_personal_page_brings_the_mistake_into_sight(phone, event):
    companies = list(event.companies.order_by("pk"))
    registration = RegistrationFactory(event=event, language="ko")
    phone.goto(personal_url(registration))

    # A mistake only the server finds (the same company twice), three screens down the page.
    phone.select_option("#id_research_1", str(event.research_areas.order_by("pk").first().pk))
    phone.select_option("#id_company_1", str(companies[0].pk))
    phone.select_option("#id_company_2", str(companies[0].pk))
    phone.click("#submit-id-save")
    phone.wait_for_selector("#form-error-summary")

    seen = summary_in_sight(phone)
    assert seen["focused"] and seen["role"] == "alert"
    assert -1 < seen["top"] < seen["height"]
    assert "2지망: 기업" in phone.inner_text("#form-error-summary")

    phone.click("#form-error-summary a[href='#id_company_2']")

    assert phone.evaluate("document.activeElement.id") == "id_company_2"
    # Bootstrap scrolls smoothly: the field arrives in sight within the test's timeout.
    phone.wait_for_function("""() => {
        const box = document.getElementById("id_company_2").getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight;
    }""")


def test_failed_registration_brings_the_mistakes_into_sight(phone, event):
    areas = list(event.research_areas.order_by("pk"))
    phone.goto(reverse("attendees:register", kwargs={"slug": event.slug}))
    phone.fill("#id_last_name", "이")
    phone.fill("#id_first_name", "지우")
    phone.fill("#id_email", "jiwoo@postech.ac.kr")
    phone.fill("#id_affiliation", "POSTECH")
    phone.select_option("#id_position", "phd")
    phone.select_option("#id_company_1", str(event.companies.order_by("pk").first().pk))
    phone.select_option("#id_research_1", str(areas[1].pk))
    phone.select_option("#id_research_2", str(areas[1].pk))
    phone.check("#id_consent")
    phone.click("#submit-id-register")
    phone.wait_for_selector("#form-error-summary")

    seen = summary_in_sight(phone)
    assert seen["focused"] and -1 < seen["top"] < seen["height"]
    assert phone.locator("#form-error-summary a[href='#id_research_2']").count() == 1
    assert RegistrationRequest.objects.count() == 0
    # Korean text breaks between words, not inside one.
    assert phone.evaluate("getComputedStyle(document.querySelector('main')).wordBreak") == "keep-all"


def test_double_tap_on_register_sends_one_post(phone, event):
    sent = posts_to(phone, r"/register/$")
    phone.goto(reverse("attendees:register", kwargs={"slug": event.slug}))
    phone.fill("#id_last_name", "이")
    phone.fill("#id_first_name", "지우")
    phone.fill("#id_email", "jiwoo@postech.ac.kr")
    phone.fill("#id_affiliation", "POSTECH")
    phone.select_option("#id_position", "phd")
    phone.select_option("#id_company_1", str(event.companies.order_by("pk").first().pk))
    phone.select_option("#id_research_1", str(event.research_areas.order_by("pk").first().pk))
    phone.check("#id_consent")

    double_tap(phone, "#submit-id-register")
    phone.wait_for_selector("#registration-outcome")

    assert len(sent) == 1
    assert RegistrationRequest.objects.count() == 1


def test_double_tap_on_confirm_registers_once_and_shows_the_status(phone, event):
    fill_in_the_registration_form(phone, event, email="jiwoo@postech.ac.kr", first_name="지우", last_name="이")
    sent = posts_to(phone, r"/confirm/")
    phone.goto(confirm_path(mail.outbox[0]))

    double_tap(phone, "#confirm-button")
    phone.wait_for_selector("#registration-status")

    assert len(sent) == 1
    assert Registration.objects.get().status == RegistrationStatus.APPLIED
    status = phone.inner_text("#registration-status")
    assert "접수됨 (확정 전)" in status and "등록 완료" not in status
    assert "이미 등록" not in phone.inner_text("main")
    assert "이지우" in phone.inner_text("main")  # the name in Korean order


def test_without_script_the_form_still_registers(phone_without_script, event):
    fill_in_the_registration_form(phone_without_script, event, email="jiwoo@postech.ac.kr")

    assert RegistrationRequest.objects.count() == 1
    phone_without_script.goto(confirm_path(mail.outbox[0]))
    phone_without_script.click("#confirm-button")
    phone_without_script.wait_for_selector("#registration-status")
    assert Registration.objects.count() == 1
