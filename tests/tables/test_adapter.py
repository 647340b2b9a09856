import pytest

from attendees.enums import RegistrationStatus
from tables import adapter, seating, services
from tables.enums import PlacedBy
from tables.exceptions import SeatingError
from tables.models import Seat
from tables.queries import load_event_seating
from tests.factories import RegistrationFactory, SeatingSettingsFactory

from .conftest import FAST, make_event

pytestmark = pytest.mark.django_db


def seats_of(event):
    return {
        (s.round.number, s.registration_id, s.event_host_id): s.table.number
        for s in Seat.objects.filter(round__event=event).select_related("round", "table")
    }


def test_instance_has_confirmed_researchers_hosts_tables_and_themed_rounds(seated_event):
    RegistrationFactory(event=seated_event, status=RegistrationStatus.WAITLISTED)
    data = load_event_seating(seated_event)

    instance = adapter.build_instance(data, settings=adapter.SeatingSettings.for_event(seated_event), round_numbers=[1])

    assert len(instance.researchers) == 12
    assert len(instance.hosts) == 8
    assert [t.id for t in instance.tables] == ["T1", "T2", "T3", "T4"]
    assert [(r.id, r.basis, len(r.themes)) for r in instance.rounds] == [(1, "company", 4), (2, "research", 4)]
    assert instance.researchers[0].affiliation == "University 0 / Vision Lab"
    assert (instance.host_min, instance.host_max) == (2, 3)


def test_generate_seats_everyone_and_figures_equal_evaluate(db):
    event = make_event()
    for round_ in event.rounds.all():
        services.apply_themes(round=round_, proposal=services.suggest_themes(round=round_))

    outcome, solution = adapter.solve_and_save(event=event, round_numbers=[1, 2], time_limit=FAST)

    plan = solution.plan
    data = load_event_seating(event)
    instance = adapter.figures_instance(data, settings=adapter.SeatingSettings.for_event(event))
    assert outcome.created == 2 * (12 + 8)
    assert (outcome.moved, outcome.moved_people) == (0, {})
    assert adapter.current_plan(data).seats == plan.seats
    assert adapter.current_figures(data).to_dict() == seating.evaluate(instance, plan).to_dict()
    assert adapter.current_figures(data).score == solution.score
    assert adapter.current_figures(data).feasible is True


def test_generate_again_keeps_pins_and_manual_placements(seated_event):
    round_1 = seated_event.rounds.get(number=1)
    researchers = list(Seat.objects.filter(round=round_1, registration__isnull=False).order_by("pk"))
    pinned, manual = researchers[0], researchers[1]
    services.set_pinned(round_id=pinned.round_id, seat_id=pinned.pk, pinned=True, expected_version=pinned.version)
    other_table = seated_event.tables.exclude(pk=manual.table_id).order_by("number").first()
    services.move(round_id=manual.round_id, seat_id=manual.pk,
        to_table_id=other_table.pk, expected_version=manual.version)
    pinned.refresh_from_db()
    manual.refresh_from_db()

    for seed in (1, 2, 3):
        services.generate(event=seated_event, rounds=[round_1], seed=seed, time_limit=FAST)

        assert Seat.objects.get(pk=pinned.pk).table_id == pinned.table_id
        assert Seat.objects.get(pk=manual.pk).table_id == manual.table_id
        assert Seat.objects.get(pk=manual.pk).placed_by == PlacedBy.ORGANIZER


def test_discarding_manual_placements_keeps_only_pins(seated_event):
    round_1 = seated_event.rounds.get(number=1)
    seat = Seat.objects.filter(round=round_1, registration__isnull=False).order_by("pk").first()
    Seat.objects.filter(pk=seat.pk).update(placed_by=PlacedBy.ORGANIZER)

    services.generate(event=seated_event, rounds=[round_1], keep_manual=False, time_limit=FAST)

    assert Seat.objects.get(pk=seat.pk).placed_by == PlacedBy.OPTIMIZER


def test_generating_one_round_keeps_the_other_round_as_it_is(seated_event):
    before = {k: v for k, v in seats_of(seated_event).items() if k[0] == 1}

    services.generate(event=seated_event, rounds=[2], seed=5, time_limit=FAST)

    assert {k: v for k, v in seats_of(seated_event).items() if k[0] == 1} == before


def test_declined_researcher_loses_their_seat_when_the_round_is_generated_again(seated_event):
    registration = seated_event.registrations.order_by("pk").first()
    registration.status = RegistrationStatus.DECLINED
    registration.save()

    services.generate(event=seated_event, rounds=[1, 2], time_limit=FAST)

    assert Seat.objects.filter(registration=registration).count() == 0
    assert Seat.objects.filter(round__event=seated_event, registration__isnull=False).count() == 2 * 11


def test_infeasible_event_is_refused_with_the_engines_message_and_nothing_written(db):
    event = make_event(researchers=10, tables=4, capacity=2)
    for round_ in event.rounds.all():
        services.apply_themes(round=round_, proposal=services.suggest_themes(round=round_))

    with pytest.raises(SeatingError) as refusal:
        services.generate(event=event, rounds=[1, 2], time_limit=FAST)

    assert str(refusal.value) == (
        "The seating cannot be generated:\n"
        "2 researchers more than seats: 10 researchers, 8 seats; add tables or raise capacity"
    )
    assert Seat.objects.filter(round__event=event).count() == 0


def test_refusal_names_people_instead_of_engine_ids(seated_event):
    round_1 = seated_event.rounds.get(number=1)
    host_seat = Seat.objects.filter(round=round_1, event_host__isnull=False).select_related("event_host__host").first()
    wrong = seated_event.tables.exclude(themes__company=host_seat.event_host.host.company).first()
    Seat.objects.filter(pk=host_seat.pk).update(table=wrong, pinned=True)

    with pytest.raises(SeatingError) as refusal:
        services.generate(event=seated_event, rounds=[1], time_limit=FAST)

    assert host_seat.event_host.host.full_name in str(refusal.value)
    assert f"h{host_seat.event_host_id} " not in str(refusal.value)


def test_settings_change_weights_and_host_seats(db):
    event = make_event(hosts_per_company=(4, 4))
    SeatingSettingsFactory(event=event, first_choice_points=10, host_seats_min=1, host_seats_max=3)
    data = load_event_seating(event)
    settings = adapter.SeatingSettings.for_event(event)

    instance = adapter.build_instance(data, settings=settings, round_numbers=[1, 2])

    assert adapter.weights_for(settings).rank_points == (10, 2, 1)
    assert (instance.host_min, instance.host_max) == (1, 3)


def test_published_round_is_not_generated_again(seated_event):
    round_1 = seated_event.rounds.get(number=1)
    services.publish(round=round_1)

    with pytest.raises(SeatingError) as refusal:
        services.generate(event=seated_event, rounds=[round_1], time_limit=FAST)

    assert str(refusal.value) == "Round 1 is published: unpublish it before seating it again."


def test_rules_not_kept_are_sentences_with_names(seated_event):
    round_1 = seated_event.rounds.get(number=1)
    seat = Seat.objects.filter(round=round_1, registration__isnull=False).select_related(
        "registration__researcher").first()
    host_seat = Seat.objects.filter(round=round_1, event_host__isnull=False).select_related("event_host__host").first()
    wrong = seated_event.tables.exclude(themes__company=host_seat.event_host.host.company).first()
    Seat.objects.filter(pk=host_seat.pk).update(table=wrong)
    seat.delete()

    data = load_event_seating(seated_event)
    problems = adapter.figures_dict(data, adapter.current_figures(data))["problems"]

    assert f"Round 1: no seat for {seat.registration.researcher.full_name}." in problems
    assert any(p.startswith(f"Round 1: {host_seat.event_host.host.full_name} (") and "sits at a table themed" in p
               for p in problems), problems
    left = host_seat.table.number  # one host short there now
    assert f"Round 1: table {left} needs 2 to 3 hosts but has 1." in problems
    assert not any("['" in p for p in problems), problems


def test_late_changes_count_newcomers_and_hosts_at_a_wrong_table(seated_event):
    round_1 = seated_event.rounds.get(number=1)
    host_seat = Seat.objects.filter(round=round_1, event_host__isnull=False).select_related("event_host__host").first()
    wrong = seated_event.tables.exclude(themes__company=host_seat.event_host.host.company).first()
    Seat.objects.filter(pk=host_seat.pk).update(table=wrong)
    newcomer = RegistrationFactory(event=seated_event, status=RegistrationStatus.CONFIRMED)

    preview = services.late_changes(event=seated_event, rounds=[1])

    host = host_seat.event_host.host
    assert preview.newcomers == {1: [newcomer.researcher.full_name]}
    assert preview.invalid == {1: [f"{host.full_name} ({host.company.name})"]}
    assert preview.count == 2

    result = services.generate(event=seated_event, rounds=[1], steps=100)

    assert Seat.objects.get(pk=host_seat.pk).table.themes.get(round=round_1).company == host.company
    assert f"{host.full_name} ({host.company.name})" in result.moved_names[1]
