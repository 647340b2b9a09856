"""Two phones at one table write about the same guest at the same moment: one follow-up, every note kept."""
import pytest
from django.db import connection

from followup import services
from followup.models import FollowUp, HostNote
from tests.followup.conftest import a_host_and_a_guest
from tests.races import run_at_once

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serializes writers; the race needs PostgreSQL")


def test_notes_and_stages_sent_at_once_make_one_follow_up(dinner):
    event_host, guest = a_host_and_a_guest(dinner)
    writes = [lambda i=i: services.add_note(registration_id=guest.pk, text=f"note {i}", event_host_id=event_host.pk)
              for i in range(4)]
    writes += [lambda: services.set_stage(registration_id=guest.pk, stage="contacted", event_host_id=event_host.pk)
               for _ in range(2)]

    errors = run_at_once(writes)

    assert errors == []
    assert FollowUp.objects.filter(registration=guest).count() == 1
    assert sorted(HostNote.objects.values_list("text", flat=True)) == [f"note {i}" for i in range(4)]
    assert FollowUp.objects.get(registration=guest).stage == "contacted"
