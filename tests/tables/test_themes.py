import pytest

from tables import services
from tables.exceptions import SeatingError
from tables.models import TableTheme
from tests.factories import (
    CompanyFactory, CompanyInterestFactory, EventFactory, EventHostFactory, HostFactory, RegistrationFactory,
    ResearchAreaFactory, ResearchInterestFactory, RoundFactory, TableFactory,
)
from tables.enums import RoundBasis

pytestmark = pytest.mark.django_db


def event_with(*, tables, hosts):
    """`hosts`: {company name: number of hosts}; every company is offered."""
    event = EventFactory()
    for number in range(1, tables + 1):
        TableFactory(event=event, number=number)
    companies = {}
    for name, count in hosts.items():
        companies[name] = CompanyFactory(name=name)
        event.companies.add(companies[name])
        for _ in range(count):
            EventHostFactory(event=event, host=HostFactory(company=companies[name]))
    return event, companies


def want(event, ranked, times):
    for _ in range(times):
        registration = RegistrationFactory(event=event)
        for rank, company in enumerate(ranked, start=1):
            CompanyInterestFactory(registration=registration, company=company, rank=rank)


def shares(proposal):
    return [(s.subject.name, s.tables) for s in proposal.shares]


def test_company_tables_follow_demand_within_what_the_hosts_can_fill():
    event, c = event_with(tables=7, hosts={"Alpha": 8, "Beta": 6, "Gamma": 2})
    want(event, [c["Alpha"]], 20)
    round_1 = RoundFactory(event=event, number=1, basis=RoundBasis.COMPANY)

    proposal = services.suggest_themes(round=round_1)

    # Demand alone would give Alpha every table but its 8 hosts fill at most 4 (2 each); Beta's 6
    # hosts need 2 tables (3 each at most), Gamma's 2 hosts one.
    assert shares(proposal) == [("Alpha", 4), ("Beta", 2), ("Gamma", 1)]


def test_company_without_hosts_gets_no_table_while_tables_need_hosts():
    event, c = event_with(tables=2, hosts={"Alpha": 4, "Beta": 0})
    want(event, [c["Beta"]], 10)
    round_1 = RoundFactory(event=event, number=1, basis=RoundBasis.COMPANY)

    assert shares(services.suggest_themes(round=round_1)) == [("Alpha", 2)]


def test_too_few_hosts_for_the_tables_is_refused():
    event, _c = event_with(tables=5, hosts={"Alpha": 4, "Beta": 2})
    round_1 = RoundFactory(event=event, number=1, basis=RoundBasis.COMPANY)

    with pytest.raises(SeatingError) as refusal:
        services.suggest_themes(round=round_1)

    assert str(refusal.value) == (
        "The hosts can fill only 3 of the 5 tables (at least 2 hosts each): "
        "add hosts, remove tables or lower the host minimum."
    )


def test_research_tables_follow_weighted_demand():
    event = EventFactory()
    for number in range(1, 5):
        TableFactory(event=event, number=number)
    vision, language, robots = (ResearchAreaFactory(name=n) for n in ("Vision", "Language", "Robots"))
    event.research_areas.add(vision, language, robots)
    for _ in range(6):
        registration = RegistrationFactory(event=event)
        ResearchInterestFactory(registration=registration, research_area=vision, rank=1)
        ResearchInterestFactory(registration=registration, research_area=language, rank=2)
    round_2 = RoundFactory(event=event, number=2, basis=RoundBasis.RESEARCH)

    proposal = services.suggest_themes(round=round_2)

    # demand: Vision 6 x 3 = 18, Language 6 x 2 = 12, Robots 0
    assert shares(proposal) == [("Vision", 2), ("Language", 2)]


def test_apply_themes_themes_tables_in_order_biggest_share_first():
    event, c = event_with(tables=3, hosts={"Alpha": 4, "Beta": 2})
    want(event, [c["Alpha"]], 5)
    round_1 = RoundFactory(event=event, number=1, basis=RoundBasis.COMPANY)

    services.apply_themes(round=round_1, proposal=services.suggest_themes(round=round_1))
    services.apply_themes(round=round_1, proposal=services.suggest_themes(round=round_1))

    themes = TableTheme.objects.filter(round=round_1).order_by("table__number")
    assert [(t.table.number, t.company.name) for t in themes] == [(1, "Alpha"), (2, "Alpha"), (3, "Beta")]


def test_apply_themes_refuses_a_stale_proposal():
    event, c = event_with(tables=2, hosts={"Alpha": 4})
    round_1 = RoundFactory(event=event, number=1, basis=RoundBasis.COMPANY)
    proposal = services.suggest_themes(round=round_1)
    TableFactory(event=event, number=3)

    with pytest.raises(SeatingError):
        services.apply_themes(round=round_1, proposal=proposal)

    assert TableTheme.objects.filter(round=round_1).count() == 0


def test_tables_are_shared_by_how_many_chose_each_area_not_by_which_were_chosen():
    event = EventFactory()
    for number in range(1, 5):
        TableFactory(event=event, number=number)
    vision, speech = ResearchAreaFactory(name="Vision"), ResearchAreaFactory(name="Speech")
    event.research_areas.add(vision, speech)
    for ranked in [[vision]] * 9 + [[speech]] * 3:   # 27 points against 9: three tables to one
        registration = RegistrationFactory(event=event)
        for rank, area in enumerate(ranked, start=1):
            ResearchInterestFactory(registration=registration, research_area=area, rank=rank)
    round_2 = RoundFactory(event=event, number=2, basis=RoundBasis.RESEARCH)

    assert shares(services.suggest_themes(round=round_2)) == [("Vision", 3), ("Speech", 1)]
