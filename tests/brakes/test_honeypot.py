"""The honeypot field on the public registration form: invisible to people, filled in by bots."""
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from attendees.models import OutboundEmail, Registration, RegistrationRequest, Researcher
from tests.attendees.test_registration import form_data, register_url

pytestmark = pytest.mark.django_db


def test_the_field_is_off_screen_skipped_by_tab_and_autofill_and_hidden_from_screen_readers(client, event):
    page = client.get(register_url(event)).content.decode()

    wrapper = re.search(r'<div\s+class="rt-offscreen"\s+aria-hidden="true">(.*?)</div>\s*</div>', page, re.S)
    assert wrapper is not None
    field = re.search(r'<input [^>]*name="website"[^>]*>', wrapper.group(1)).group(0)
    assert 'tabindex="-1"' in field
    assert 'autocomplete="off"' in field
    assert "style=" not in wrapper.group(0)
    assert "Leave this field empty" in wrapper.group(1)
    css = (Path(settings.BASE_DIR) / "static" / "css" / "roundtable.css").read_text()
    assert re.search(r"\.rt-offscreen\s*\{[^}]*position:\s*absolute", css)


def test_a_bot_that_fills_it_gets_a_persons_answer_and_nothing_is_saved_or_sent(
        client, event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        bot = client.post(register_url(event), form_data(event, email="bot@spam.example",
                                                          website="http://spam.example"), follow=True)

    assert bot.status_code == 200
    assert "Check your inbox" in bot.content.decode()
    assert Researcher.objects.count() == 0
    assert Registration.objects.count() == 0
    assert RegistrationRequest.objects.count() == 0
    assert OutboundEmail.objects.count() == 0
    assert mail.outbox == []


def test_a_person_who_leaves_it_empty_gets_the_same_page_and_the_confirmation_email(
        client, event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        person = client.post(register_url(event), form_data(event, website=""), follow=True)

    assert person.status_code == 200
    assert "Check your inbox" in person.content.decode()
    assert RegistrationRequest.objects.count() == 1
    assert len(mail.outbox) == 1  # "confirm your registration"
