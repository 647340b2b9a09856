"""A dinner that happened: seated in two rounds with hosts, and the accounts of each role."""
import pytest

from tests.accounts import staff_account
from tests.tables.conftest import make_event, theme_and_seat


@pytest.fixture
def dinner(db):
    return theme_and_seat(make_event(researchers=8, tables=2, hosts_per_company=(2, 2)))


@pytest.fixture
def organizer(django_user_model, dinner):
    return staff_account(django_user_model, "organizer", "Organizer", dinner, is_staff=True)


@pytest.fixture
def recruiter(django_user_model, dinner):
    return staff_account(django_user_model, "recruiter", "Recruiter", dinner, is_staff=True)


@pytest.fixture
def host_account(django_user_model, dinner):
    return staff_account(django_user_model, "host", "Host", dinner)


@pytest.fixture
def door(django_user_model, dinner):
    return staff_account(django_user_model, "door", "Door staff", dinner)


def a_host_and_a_guest(event):
    """A host with a table in round 1, and a researcher seated at that table."""
    from tables.models import Seat

    host_seat = Seat.objects.filter(round__event=event, round__number=1, event_host__isnull=False).first()
    guest_seat = Seat.objects.filter(round=host_seat.round, table=host_seat.table, registration__isnull=False).first()
    return host_seat.event_host, guest_seat.registration
