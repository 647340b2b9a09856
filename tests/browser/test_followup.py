"""In a real browser on a phone-sized screen: a host logs in, says which host they are, writes a note
about a guest of their table and sets the stage with one tap."""
import pytest
from django.urls import reverse

from followup.enums import Stage
from followup.models import FollowUp
from tests.accounts import staff_account
from tests.followup.conftest import a_host_and_a_guest
from tests.tables.conftest import make_event, theme_and_seat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_a_host_adds_a_note_and_sets_the_stage_on_a_phone(page, django_user_model):
    dinner = theme_and_seat(make_event(researchers=8, tables=2, hosts_per_company=(2, 2)))
    event_host, guest = a_host_and_a_guest(dinner)
    account = staff_account(django_user_model, "host", "Host", dinner)
    page.set_viewport_size(PHONE)

    page.goto(reverse("followup:hosts", kwargs={"slug": dinner.slug}))
    page.fill("#id_username", account.username)
    page.fill("#id_password", f"{account.username}-pw-for-tests")
    page.click("#followup-login button[type=submit]")
    page.click(f"#host-{event_host.pk}")
    card = page.locator(f"#registration-{guest.pk}")
    card.locator("textarea").fill("Asked about internships <b>next summer</b>.\nSend the team's paper.")
    card.locator(".note-button").click()
    page.wait_for_selector(".alert-success")
    card = page.locator(f"#registration-{guest.pk}")
    interviewing = card.locator("button[value=interviewing]")
    box = interviewing.bounding_box()
    interviewing.click()
    page.wait_for_selector("button[value=interviewing][aria-pressed=true]")

    note = page.locator(f"#registration-{guest.pk} .note-text")
    assert note.inner_text() == "Asked about internships <b>next summer</b>.\nSend the team's paper."
    assert page.locator(f"#registration-{guest.pk} .notes small").inner_text().startswith(event_host.host.full_name)
    assert box["height"] >= 44  # a thumb-sized button
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing wider than the phone
    follow_up = FollowUp.objects.get(registration=guest)
    assert (follow_up.stage, follow_up.company_id) == (Stage.INTERVIEWING, event_host.host.company_id)
    assert list(follow_up.notes.values_list("author__username", flat=True)) == ["host"]
