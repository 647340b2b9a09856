"""A small event to seat: two companies, three research areas, four tables, eight hosts."""
import pytest
from django.utils import timezone

from attendees.enums import RegistrationStatus
from tables import services
from tables.enums import RoundBasis
from tests.factories import (
    CompanyFactory, CompanyInterestFactory, EventFactory, EventHostFactory, HostExpertiseFactory, HostFactory,
    RegistrationFactory, ResearchAreaFactory, ResearcherFactory, ResearchInterestFactory, RoundFactory, SeatFactory,
    SurveyResponseFactory, TableFactory, TableThemeFactory,
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


def surveyed_dinner():
    """A dinner counted by hand for the survey's answers per table (tests/tables/test_feedback_per_table.py
    and the event's home). Two tables, two rounds, five researchers (r1 and r2 from the same lab):

    round 1 (company)   table 1 = Alpha: r1 (Alpha 1st), r2 (Alpha 2nd), r5 (no choice)
                        table 2 = Beta:  r3 (Beta 1st),  r4 (Alpha only)
    round 2 (research)  table 1 = Vision: r1 (Vision 1st), r3
                        table 2 = Speech: r2 (Speech 2nd), r4, r5 (r2 and r5 met in round 1)
    answers (overall, round 1, round 2, again): r1 5/5/3 yes, r2 4/4/5 yes, r3 3/2/4 maybe, r5 2/-/1 no, r4 none.
    """
    event = EventFactory()
    alpha, beta = CompanyFactory(name="Alpha"), CompanyFactory(name="Beta")
    vision = ResearchAreaFactory(name="Vision", slug="vision")
    speech = ResearchAreaFactory(name="Speech", slug="speech")
    round1 = RoundFactory(event=event, number=1, basis=RoundBasis.COMPANY)
    round2 = RoundFactory(event=event, number=2, basis=RoundBasis.RESEARCH)
    table1, table2 = TableFactory(event=event, number=1), TableFactory(event=event, number=2)
    TableThemeFactory(round=round1, table=table1, company=alpha)
    TableThemeFactory(round=round1, table=table2, company=beta)
    TableThemeFactory(round=round2, table=table1, company=None, research_area=vision)
    TableThemeFactory(round=round2, table=table2, company=None, research_area=speech)
    labs = [("KAIST", "Vision Lab"), ("KAIST", "Vision Lab"), ("SNU", ""), ("POSTECH", ""), ("Yonsei", "")]
    r1, r2, r3, r4, r5 = (
        RegistrationFactory(event=event, researcher__affiliation=affiliation, researcher__lab=lab,
                            checked_in_at=timezone.now()) for affiliation, lab in labs)
    for registration, companies in ((r1, [alpha]), (r2, [beta, alpha]), (r3, [beta]), (r4, [alpha])):
        for rank, company in enumerate(companies, 1):
            CompanyInterestFactory(registration=registration, company=company, rank=rank)
    for registration, areas in ((r1, [vision]), (r2, [vision, speech])):
        for rank, area in enumerate(areas, 1):
            ResearchInterestFactory(registration=registration, research_area=area, rank=rank)
    for round_, table, registrations in ((round1, table1, [r1, r2, r5]), (round1, table2, [r3, r4]),
                                         (round2, table1, [r1, r3]), (round2, table2, [r2, r4, r5])):
        for registration in registrations:
            SeatFactory(round=round_, table=table, registration=registration)
    for registration, overall, first, second, again in ((r1, 5, 5, 3, "yes"), (r2, 4, 4, 5, "yes"),
                                                         (r3, 3, 2, 4, "maybe"), (r5, 2, None, 1, "no")):
        SurveyResponseFactory(registration=registration, overall_rating=overall, round_1_rating=first,
                              round_2_rating=second, would_come_again=again)
    SurveyResponseFactory(overall_rating=1, round_1_rating=1, round_2_rating=1)  # another event's guest
    return event
