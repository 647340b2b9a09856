"""In a real browser on a phone-sized screen: staff find a guest by their Hangul name and mark the arrival."""
import pytest
from django.urls import reverse

from attendees import links
from attendees.models import Registration
from tests.accounts import log_in_at_the_door, staff_account
from tests.factories import RegistrationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def log_in_as_staff(page, django_user_model, next_url, event):
    log_in_at_the_door(page, staff_account(django_user_model, "door", "Door staff", event), next_url)


def test_checkin_on_a_phone_search_hangul_and_mark_arrived(page, event, django_user_model):
    seoyeon = RegistrationFactory(event=event, researcher__first_name="Seoyeon", researcher__last_name="Park",
                                  researcher__native_name="박서연", researcher__affiliation="Seoul National University")
    RegistrationFactory(event=event, researcher__native_name="김민준")
    page.set_viewport_size(PHONE)
    door = reverse("checkin:event", kwargs={"slug": event.slug})

    log_in_as_staff(page, django_user_model, door, event)
    page.wait_for_selector("#guest-search")
    page.fill("input[name=q]", "서연")
    page.keyboard.press("Enter")
    card = page.locator(f"#registration-{seoyeon.pk}")
    card.wait_for()
    button = card.locator(".arrive-button")
    box = button.bounding_box()
    button.click()
    page.wait_for_selector(".alert-success")

    assert page.locator(".guest-card").count() == 1
    assert "Seoyeon Park (박서연)" in card.inner_text()
    assert box["width"] >= 300 and box["height"] >= 44  # a thumb-sized button filling the phone's width
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing wider than the screen
    assert "Arrived at" in card.locator(".arrived").inner_text()
    assert page.locator("[data-counter=arrived]").inner_text() == "1"
    assert Registration.objects.get(pk=seoyeon.pk).checked_in_at is not None


def test_checkin_qr_link_scanned_on_two_phones_says_already_arrived(page, event, django_user_model):
    seoyeon = RegistrationFactory(event=event, researcher__first_name="Seoyeon", researcher__last_name="Park",
                                  researcher__native_name="박서연")
    page.set_viewport_size(PHONE)
    guest = reverse("checkin:guest", kwargs={"signed": links.checkin_token(seoyeon)})
    log_in_as_staff(page, django_user_model, guest, event)
    other_phone = page.context.new_page()  # same staff session, page opened before the first tap
    other_phone.set_viewport_size(PHONE)
    other_phone.goto(guest)

    page.click(".arrive-button")
    page.wait_for_selector(".arrived")
    other_phone.click(".arrive-button")
    other_phone.wait_for_selector(".alert-warning")

    arrived_at = Registration.objects.get(pk=seoyeon.pk).checked_in_at.astimezone(event.tzinfo).strftime("%H:%M")
    warning = other_phone.locator(".alert-warning").inner_text()
    assert warning == f"Already arrived at {arrived_at}: Seoyeon Park (박서연)."
    assert other_phone.locator(".arrive-button").count() == 0
