"""In a real browser: a researcher downloads their data from the personal page, then deletes it."""
import json
import re

import pytest
from django.core import mail

from attendees.enums import RegistrationStatus
from attendees.models import Registration
from tests.browser.test_personal_page import register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSONAL_PATH = re.compile(r"https?://[^/\s]+(/my/[^/\s]+/)")


def test_download_my_data_then_delete_it(page, event):
    register(page, event)
    personal_path = PERSONAL_PATH.search(mail.outbox[1].body).group(1)
    page.goto(personal_path)

    with page.expect_download() as download_info:
        page.click("#download-data")
    download = download_info.value
    data = json.loads(open(download.path(), encoding="utf-8").read())

    assert download.suggested_filename == "my-roundtable-data.json"
    assert (data["profile"]["first_name"], data["profile"]["email"]) == ("Jiwoo", "jiwoo@postech.ac.kr")
    assert data["registrations"][0]["event"]["name"] == event.name
    assert data["registrations"][0]["consent"]["privacy_notice_version"] == "2027-01"

    page.click("#erase-link")
    assert "Delete your data?" in page.inner_text("main")
    page.click("#confirm-erase")
    page.wait_for_selector("#data-erased")

    shown = page.inner_text("body")
    assert [word for word in ("Jiwoo", "Han", "jiwoo@postech.ac.kr", "POSTECH") if word in shown] == []
    registration = Registration.objects.select_related("researcher").get()
    assert (registration.researcher.first_name, registration.status) == ("Anonymous", RegistrationStatus.CANCELLED)

    response = page.goto(personal_path)
    assert response.status == 410
    assert "Jiwoo" not in page.inner_text("body")
