"""Admin → Rounds: every event has a "Round 1 (Company)", so each row names its event, the latest first."""
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tables.enums import RoundBasis
from tests.factories import EventFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_years():
    now = timezone.now()
    last_start, this_start = now - timedelta(days=300), now + timedelta(days=60)
    last = EventFactory(name="Dinner 2026", starts_at=last_start, ends_at=last_start + timedelta(hours=3),
                        registration_opens_at=last_start - timedelta(days=90),
                        registration_closes_at=last_start - timedelta(days=1))
    this = EventFactory(name="Dinner 2027", starts_at=this_start, ends_at=this_start + timedelta(hours=3))
    for event in (last, this):
        RoundFactory(event=event, number=1, basis=RoundBasis.COMPANY)
        RoundFactory(event=event, number=2, basis=RoundBasis.RESEARCH)
    return last, this


def row_names(html):
    return re.findall(r'<th class="field-round_of_event"><a href="[^"]+">([^<]+)</a></th>', html)


def test_rounds_list_names_each_round_with_its_event_latest_event_first(admin_client, two_years):
    html = admin_client.get(reverse("admin:tables_round_changelist")).content.decode()

    assert row_names(html) == ["Dinner 2027 · Round 1 (Company)", "Dinner 2027 · Round 2 (Research area)",
                               "Dinner 2026 · Round 1 (Company)", "Dinner 2026 · Round 2 (Research area)"]


def test_rounds_list_filters_by_event_and_by_published(admin_client, two_years):
    last, _this = two_years
    last.rounds.update(published_at=last.starts_at)
    url = reverse("admin:tables_round_changelist")

    by_event = row_names(admin_client.get(url, {"event__id__exact": last.pk}).content.decode())
    unpublished = row_names(admin_client.get(url, {"published_at__isempty": "1"}).content.decode())

    assert by_event == ["Dinner 2026 · Round 1 (Company)", "Dinner 2026 · Round 2 (Research area)"]
    assert unpublished == ["Dinner 2027 · Round 1 (Company)", "Dinner 2027 · Round 2 (Research area)"]
