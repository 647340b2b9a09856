"""A small event to seat: two companies, three research areas, four tables, eight hosts."""
import pytest

from attendees.enums import RegistrationStatus
from tables import services
from tables.enums import RoundBasis
from tests.factories import (
    CompanyFactory, CompanyInterestFactory, EventFactory, EventHostFactory, HostExpertiseFactory, HostFactory,
    RegistrationFactory, ResearchAreaFactory, ResearcherFactory, ResearchInterestFactory, RoundFactory, TableFactory,
)

FAST = 0.2  # seconds of engine search: plenty for a few dozen people


def make_event(*, researchers=12, tables=4, capacity=8, hosts_per_company=(4, 4), labs=3):
    """An event with rounds 1 (company) and 2 (research); researchers spread over `labs` labs."""
    event = EventFactory()
    companies = [CompanyFactory() for _ in hosts_per_company]
    areas = [ResearchAreaFactory() for _ in range(3)]
    event.companies.add(*companies)
    event.research_areas.add(*areas)
    for number in range(1, tables + 1):
        TableFactory(event=event, number=number, capacity=capacity)
    RoundFactory(event=event, number=1, basis=RoundBasis.COMPANY)
    RoundFactory(event=event, number=2, basis=RoundBasis.RESEARCH)
    for company, count in zip(companies, hosts_per_company, strict=True):
        for i in range(count):
            host = HostFactory(company=company)
            HostExpertiseFactory(host=host, research_area=areas[i % len(areas)], rank=1)
            EventHostFactory(event=event, host=host)
    for i in range(researchers):
        researcher = ResearcherFactory(affiliation=f"University {i % labs}", lab="Vision Lab")
        registration = RegistrationFactory(event=event, researcher=researcher, status=RegistrationStatus.CONFIRMED)
        for rank, company in enumerate(companies[i % 2:] + companies[:i % 2], start=1):
            CompanyInterestFactory(registration=registration, company=company, rank=rank)
        for rank, area in enumerate(areas[i % 3:] + areas[:i % 3], start=1):
            ResearchInterestFactory(registration=registration, research_area=area, rank=rank)
    return event


def theme_and_seat(event, *, seed=0):
    for round_ in event.rounds.order_by("number"):
        services.apply_themes(round=round_, proposal=services.suggest_themes(round=round_))
    services.generate(event=event, rounds=list(event.rounds.all()), seed=seed, time_limit=FAST)
    return event


@pytest.fixture
def seated_event(db):
    return theme_and_seat(make_event())
