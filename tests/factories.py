"""factory_boy factories: a small open event by default, nothing surprising."""
from datetime import datetime, timedelta, timezone

import factory
from django.utils import timezone as dj_timezone

from attendees.enums import Position, RegistrationStatus
from attendees.models import (
    CompanyInterest, EventHost, Host, HostExpertise, Invitation, Registration, ResearchInterest, Researcher,
)
from events.enums import EventStatus
from events.models import Company, Event, ResearchArea
from tables.enums import RoundBasis
from tables.models import Round, Seat, SeatingRun, SeatingSettings, Table, TableTheme


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Company {n}")
    name_ko = factory.Sequence(lambda n: f"회사 {n}")


class ResearchAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchArea
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Area {n}")
    name_ko = factory.Sequence(lambda n: f"분야 {n}")
    slug = factory.Sequence(lambda n: f"area-{n}")


class EventFactory(factory.django.DjangoModelFactory):
    """Open for registration now; the dinner is a month away."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Dinner {n}")
    slug = factory.Sequence(lambda n: f"dinner-{n}")
    conference = "CVPR 2027"
    city = "Vancouver"
    venue = "Waterfront"
    time_zone = "America/Vancouver"
    starts_at = factory.LazyFunction(lambda: dj_timezone.now() + timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + timedelta(hours=3))
    registration_opens_at = factory.LazyFunction(lambda: dj_timezone.now() - timedelta(days=1))
    registration_closes_at = factory.LazyAttribute(lambda e: e.starts_at - timedelta(days=2))
    researcher_capacity = 100
    status = EventStatus.OPEN

    @factory.post_generation
    def offerings(event, create, extracted, **kwargs):
        """EventFactory(offerings=True) adds three companies and four research areas."""
        if create and extracted:
            event.companies.add(*(CompanyFactory() for _ in range(3)))
            event.research_areas.add(*(ResearchAreaFactory() for _ in range(4)))


class ResearcherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Researcher

    first_name = "Minjun"
    last_name = factory.Sequence(lambda n: f"Kim{n}")
    email = factory.Sequence(lambda n: f"researcher{n}@kaist.example")
    affiliation = "KAIST"
    position = Position.PHD


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    researcher = factory.SubFactory(ResearcherFactory)
    status = RegistrationStatus.CONFIRMED
    consented_at = factory.LazyFunction(dj_timezone.now)
    privacy_notice_version = "2026-11"


class RegistrationRequestFactory(factory.django.DjangoModelFactory):
    """A pending submission of the form (nothing registered yet), its link valid for a day."""

    class Meta:
        model = "attendees.RegistrationRequest"

    event = factory.SubFactory(EventFactory)
    email = factory.Sequence(lambda n: f"applicant{n}@postech.example")
    data = factory.LazyFunction(lambda: {
        "profile": {"first_name": "Jiwoo", "last_name": "Han", "affiliation": "POSTECH", "position": "phd"},
        "company_ids": [], "research_area_ids": [], "dietary_needs": "", "accessibility_needs": "",
        "invitation_code": "",
    })
    created_at = factory.LazyFunction(dj_timezone.now)
    expires_at = factory.LazyAttribute(lambda r: r.created_at + timedelta(hours=24))


class CompanyInterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompanyInterest

    registration = factory.SubFactory(RegistrationFactory)
    company = factory.SubFactory(CompanyFactory)
    rank = 1


class ResearchInterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchInterest

    registration = factory.SubFactory(RegistrationFactory)
    research_area = factory.SubFactory(ResearchAreaFactory)
    rank = 1


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    event = factory.SubFactory(EventFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@snu.example")


class HostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Host

    first_name = "Seoyeon"
    last_name = factory.Sequence(lambda n: f"Park{n}")
    email = factory.Sequence(lambda n: f"host{n}@lg.example")
    company = factory.SubFactory(CompanyFactory)
    title = "Research Scientist"


class HostExpertiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HostExpertise

    host = factory.SubFactory(HostFactory)
    research_area = factory.SubFactory(ResearchAreaFactory)
    rank = 1


class EventHostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventHost

    event = factory.SubFactory(EventFactory)
    host = factory.SubFactory(HostFactory)


class TableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Table

    event = factory.SubFactory(EventFactory)
    number = factory.Sequence(lambda n: n + 1)
    capacity = 8


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    event = factory.SubFactory(EventFactory)
    number = 1
    basis = RoundBasis.COMPANY


class TableThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TableTheme

    round = factory.SubFactory(RoundFactory)
    table = factory.SubFactory(TableFactory)
    company = factory.SubFactory(CompanyFactory)


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seat

    round = factory.SubFactory(RoundFactory)
    table = factory.SubFactory(TableFactory)
    registration = factory.SubFactory(RegistrationFactory)


FIXED_NOW = datetime(2027, 1, 15, 12, 0, tzinfo=timezone.utc)


class EmailTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "attendees.EmailTemplate"

    event = factory.SubFactory(EventFactory)
    kind = "confirmed"
    language = "en"
    subject = "Confirmed: {{ event.name }}"
    body = "Hello {{ first_name }}, see you at {{ event.name }}.\n{{ personal_page_url }}"


class OutboundEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "attendees.OutboundEmail"

    registration = factory.SubFactory(RegistrationFactory)
    event = factory.LazyAttribute(lambda e: e.registration.event)
    kind = "confirmed"
    to = factory.LazyAttribute(lambda e: e.registration.researcher.email)
    subject = "Your place is confirmed"
    body_text = "See you there."
    body_html = "<p>See you there.</p>"


class SeatingSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SeatingSettings

    event = factory.SubFactory(EventFactory)


class SeatingRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SeatingRun

    event = factory.SubFactory(EventFactory)
    round_numbers = [1]
    state = "done"


class SurveyResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "attendees.SurveyResponse"

    registration = factory.SubFactory(RegistrationFactory, checked_in_at=factory.LazyFunction(dj_timezone.now))
    overall_rating = 4
    round_1_rating = 4
    round_2_rating = 5
    would_come_again = "yes"
    submitted_at = factory.LazyFunction(dj_timezone.now)
    updated_at = factory.LazyAttribute(lambda r: r.submitted_at)
