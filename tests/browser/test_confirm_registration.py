"""In a real browser: register, open the emailed link, confirm, and land on the personal page."""
import re

import pytest
from django.core import mail
from django.urls import reverse

from attendees import links
from attendees.enums import RegistrationStatus
from attendees.models import Registration, RegistrationRequest
from tests.browser.registration import fill_in_the_registration_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONFIRM_PATH = re.compile(r"https?://[^/\s]+(/confirm/[^/\s]+/)")


def fill_in_the_form(page, event, email):
    fill_in_the_registration_form(page, event, email=email, native_name="한지우")


def test_register_follow_the_emailed_link_confirm_and_see_the_personal_page(page, event):
    fill_in_the_form(page, event, "jiwoo@postech.ac.kr")

    assert page.inner_text("#registration-outcome h1") == "Check your inbox"
    assert Registration.objects.count() == 0
    (request_mail,) = mail.outbox
    assert (request_mail.to, request_mail.subject) == (
        ["jiwoo@postech.ac.kr"], f"Confirm your registration: {event.name}")

    response = page.goto(CONFIRM_PATH.search(request_mail.body).group(1))  # what a mail scanner does too
    assert response.status == 200
    assert response.headers["x-robots-tag"] == "noindex, nofollow"
    assert "Registration for Jiwoo Han." in page.inner_text("#confirm-registration")
    assert Registration.objects.count() == 0

    page.click("#confirm-button")
    page.wait_for_selector("#registration-status")

    registration = Registration.objects.select_related("researcher").get()
    assert page.url.endswith(reverse("portal:personal", kwargs={"signed": links.personal_page_token(registration)}))
    assert "Registered" in page.inner_text("#registration-status")
    assert "한지우" in page.inner_text("main")
    assert "Thank you: your registration is received." in page.inner_text(".alert-success")
    assert (registration.status, registration.researcher.native_name) == (RegistrationStatus.APPLIED, "한지우")
    assert RegistrationRequest.objects.get().registration == registration
    assert [m.subject for m in mail.outbox] == [
        f"Confirm your registration: {event.name}", f"Registration received: {event.name}"]


def test_a_double_tap_on_confirm_registers_once_and_still_shows_the_personal_page(page, event):
    fill_in_the_form(page, event, "jiwoo@postech.ac.kr")
    page.goto(CONFIRM_PATH.search(mail.outbox[0].body).group(1))

    page.dblclick("#confirm-button")
    page.wait_for_selector("#registration-status")

    assert Registration.objects.count() == 1
    assert "Registered" in page.inner_text("#registration-status")
