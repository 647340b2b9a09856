"""The follow-up pages run under the unchanged Content-Security-Policy: no inline script or style."""
import pytest
from django.urls import reverse

from followup import services
from tests.followup.conftest import a_host_and_a_guest
from tests.inline_code import blocked_by, inline_code, parse_policy

pytestmark = pytest.mark.django_db


def test_the_phone_pages_and_the_funnel_hold_no_inline_code(client, dinner, organizer):
    event_host, guest = a_host_and_a_guest(dinner)
    services.add_note(registration_id=guest.pk, text="<style>body{display:none}</style>")
    services.set_stage(registration_id=guest.pk, stage="offer")
    login = client.get(reverse("followup:login"))
    client.force_login(organizer)
    pages = {
        "login": login,
        "hosts": client.get(reverse("followup:hosts", kwargs={"slug": dinner.slug})),
        "guests": client.get(reverse("followup:guests", kwargs={"slug": dinner.slug, "event_host_id": event_host.pk})),
        "funnel": client.get(reverse("admin:followup_followup_funnel") + f"?event={dinner.pk}"),
        "list": client.get(reverse("admin:followup_followup_changelist")),
        "follow-up": client.get(reverse("admin:followup_followup_change", args=[guest.follow_up.pk])),
    }

    for name, response in pages.items():
        assert response.status_code == 200, name
        found = inline_code(response.content.decode())
        if name in ("login", "hosts", "guests"):
            assert found == [], name
        assert blocked_by(parse_policy(response["Content-Security-Policy"]), found) == [], name
