"""In a real browser: a researcher registers and confirms through the emailed link, the organizer finds the
registration in the admin."""
import re

import pytest
from django.core import mail
from django.urls import reverse

from attendees.models import Registration
from tests.browser.registration import fill_in_the_registration_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_registration_form_to_admin_list(page, event, django_user_model):
    django_user_model.objects.create_superuser("organizer", "o@example.org", "organizer-pw-123")
    fill_in_the_registration_form(page, event, email="seoyeon@snu.ac.kr", first_name="Seoyeon", last_name="Park",
                                  native_name="박서연", affiliation="Seoul National University", position="postdoc",
                                  company=2, area=1)

    assert "Check your inbox" in page.inner_text("#registration-outcome")
    assert Registration.objects.count() == 0
    (request_mail,) = mail.outbox
    page.goto(re.search(r"https?://[^/\s]+(/confirm/[^/\s]+/)", request_mail.body).group(1))
    page.click("#confirm-button")
    page.wait_for_selector("#registration-status")
    assert Registration.objects.get().researcher.native_name == "박서연"

    page.goto(reverse("admin:login"))
    page.fill("#id_username", "organizer")
    page.fill("#id_password", "organizer-pw-123")
    page.click("input[type=submit]")
    page.goto(reverse("admin:attendees_registration_changelist") + f"?event__id__exact={event.pk}")
    assert "박서연" in page.inner_text("#result_list")
