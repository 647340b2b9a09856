"""The seating CSV, attacked with spreadsheet formulas in a researcher's name, affiliation and lab."""
import csv
import io

import pytest
from django.urls import reverse

from attendees.models import Researcher
from tables.models import Seat
from tests.attendees.test_export_safety import ATTACKS, BOM

FORMULAS = ATTACKS


@pytest.fixture
def organizer(admin_client):
    return admin_client


def export(client, round_):
    response = client.get(reverse("admin:tables_round_export", args=[round_.pk]))
    return response, list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def a_researcher_seat(event, round_number):
    return (Seat.objects.filter(round__event=event, round__number=round_number, registration__isnull=False)
            .select_related("table", "registration__researcher").order_by("table__number", "pk").first())


@pytest.mark.parametrize("formula", FORMULAS)
def test_seating_csv_escapes_a_formula_typed_in_name_affiliation_and_lab(organizer, seated_event, formula):
    seat = a_researcher_seat(seated_event, 1)
    Researcher.objects.filter(pk=seat.registration.researcher_id).update(
        first_name=formula, last_name="", affiliation=formula, lab=formula)

    response, rows = export(organizer, seat.round)

    row = next(r for r in rows if r[9] == seat.registration.researcher.email)
    # The name column is the full name, which is stripped of surrounding whitespace.
    assert row[5:8] == ["'" + formula.strip(), "'" + formula, "'" + formula]
    # The round and table numbers are left as numbers.
    assert row[:2] == ["1", str(seat.table.number)]


def test_seating_csv_escapes_an_organizer_typed_table_name(organizer, seated_event):
    seat = a_researcher_seat(seated_event, 1)
    seat.table.name = "=1+1"
    seat.table.save()

    response, rows = export(organizer, seat.round)

    assert {r[2] for r in rows[1:] if r[1] == str(seat.table.number)} == {"'=1+1"}


def test_seating_csv_starts_with_the_byte_order_mark_and_keeps_hangul(organizer, seated_event):
    seat = a_researcher_seat(seated_event, 1)
    Researcher.objects.filter(pk=seat.registration.researcher_id).update(
        first_name="민준", last_name="김", affiliation="서울대학교")

    response, rows = export(organizer, seat.round)

    assert response.content.startswith(BOM)
    assert rows[0][0] == "round"
    row = next(r for r in rows if r[9] == seat.registration.researcher.email)
    assert (row[5], row[6]) == ("김민준", "서울대학교")  # a Hangul name, family name first
