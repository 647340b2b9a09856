"""In a real browser: register, confirm through the emailed link, open the personal link from the email, change an
interest, cancel."""
import re

import pytest
from django.core import mail

from attendees.enums import RegistrationStatus
from attendees.models import Registration
from tests.browser.registration import confirm_path, fill_in_the_registration_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSONAL_PATH = re.compile(r"https?://[^/\s]+(/my/[^/\s]+/)")


def register(page, event):
    fill_in_the_registration_form(page, event, email="jiwoo@postech.ac.kr")
    (request_mail,) = mail.outbox
    page.goto(confirm_path(request_mail))
    page.click("#confirm-button")
    page.wait_for_selector("#registration-status")


def test_personal_page_from_the_confirmation_email_edit_and_cancel(page, event):
    companies = list(event.companies.order_by("pk"))
    register(page, event)

    (_, confirmation) = mail.outbox
    personal_path = PERSONAL_PATH.search(confirmation.body).group(1)
    response = page.goto(personal_path)

    assert response.status == 200
    assert response.headers["x-robots-tag"] == "noindex, nofollow"
    assert response.headers["referrer-policy"] == "same-origin"
    assert "Registered" in page.inner_text("#registration-status")

    page.select_option("#id_company_2", str(companies[2].pk))
    page.click("#submit-id-save")
    page.wait_for_selector(".alert-success")

    assert "Your changes are saved." in page.inner_text("main")
    registration = Registration.objects.get()
    assert [i.company_id for i in registration.company_interests.order_by("rank")] == [companies[0].pk, companies[2].pk]

    page.click("#cancel-link")
    page.click("#confirm-cancel")
    page.wait_for_selector(".alert-success")

    assert "Cancelled" in page.inner_text("#registration-status")
    assert page.locator("#cancel-link").count() == 0
    assert Registration.objects.get().status == RegistrationStatus.CANCELLED
    assert [m.subject for m in mail.outbox][-1] == f"Your registration is cancelled: {event.name}"


def test_tampered_personal_link_is_not_found(page, event):
    register(page, event)
    personal_path = PERSONAL_PATH.search(mail.outbox[1].body).group(1)
    token, signature = personal_path.removeprefix("/my/").removesuffix("/").split(":")
    tampered = f"/my/{token[:-1]}{'x' if token[-1] != 'x' else 'y'}:{signature}/"

    response = page.goto(tampered)

    assert response.status == 404


def test_language_switcher_works_on_the_personal_page(page, event):
    """Its POST must pass the CSRF origin check under the page's referrer policy."""
    register(page, event)
    personal_path = PERSONAL_PATH.search(mail.outbox[1].body).group(1)
    page.goto(personal_path)

    with page.expect_navigation():
        page.select_option("#language-select", "ko")

    assert page.get_attribute("html", "lang") == "ko"
    assert page.url.endswith(personal_path)
