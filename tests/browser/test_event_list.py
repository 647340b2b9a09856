"""The organizer's event list on a laptop: every column, the links to the registrations, their CSV
and the check-in page included, is on screen at 1440 px without scrolling sideways."""
import pytest
from django.urls import reverse

from tests.factories import EventFactory, RegistrationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_links_column_fits_at_1440_px(page, django_user_model):
    for number in range(3):
        event = EventFactory(name=f"LG AI Research Talent Dinner at CVPR 2027 — evening {number}",
                             conference="CVPR 2027, Vancouver Convention Centre")
        RegistrationFactory.create_batch(3, event=event)
    django_user_model.objects.create_superuser("organizer", "o@example.org", "organizer-pw-123")
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(reverse("admin:login"))
    page.fill("#id_username", "organizer")
    page.fill("#id_password", "organizer-pw-123")
    page.click("input[type=submit]")

    page.goto(reverse("admin:events_event_changelist"))

    results = page.locator("#changelist .results").bounding_box()
    for name in ("list", "CSV", "check-in", "print"):
        box = page.locator(f"#result_list td.field-export_link a:text-is('{name}')").first.bounding_box()
        assert box["x"] + box["width"] <= min(1440, results["x"] + results["width"]), name
