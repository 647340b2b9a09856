import pytest
from django.core.management import call_command

from attendees.enums import RegistrationStatus
from attendees.models import CompanyInterest, EventHost, Host, Registration, Researcher
from events.models import Company, Event, ResearchArea
from tables.models import Table

pytestmark = pytest.mark.django_db


def snapshot():
    models = [Company, ResearchArea, Event, Researcher, Registration, CompanyInterest, Host, EventHost, Table]
    return {m.__name__: sorted(m.objects.values_list("pk", flat=True)) for m in models}


def test_seed_demo_creates_the_cvpr_dinner():
    call_command("seed_demo")

    event = Event.objects.get(slug="lg-ai-dinner-cvpr-2027")
    registrations = event.registrations.all()
    assert event.city == "Vancouver"
    assert event.companies.count() == 5
    assert event.research_areas.count() == 14
    assert event.tables.count() == 14
    assert {t.capacity for t in event.tables.all()} == {8}
    assert 30 <= event.event_hosts.count() <= 40
    assert registrations.count() == 100
    assert registrations.filter(is_returning=True).count() == 20
    assert registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 96


def test_seed_demo_interest_is_skewed_towards_one_company():
    call_command("seed_demo")

    firsts = CompanyInterest.objects.filter(rank=1, registration__event__slug="lg-ai-dinner-cvpr-2027")
    counts = sorted((firsts.filter(company=c).count() for c in Company.objects.all()), reverse=True)
    assert counts[0] >= 2 * counts[1]


def test_seed_demo_some_labs_send_several_people():
    call_command("seed_demo")

    labs = Researcher.objects.exclude(lab="").values_list("lab", flat=True)
    assert max(list(labs).count(lab) for lab in set(labs)) >= 5


def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo")
    before = snapshot()

    call_command("seed_demo")

    assert snapshot() == before
