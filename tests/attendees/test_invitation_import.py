"""Importing invitees from CSV and XLSX in the admin: preview, confirm, bad rows, re-import; codes afterwards."""
import io

import openpyxl
import pytest
import tablib
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from attendees import services
from attendees.exceptions import RegistrationError
from attendees.imports import InvitationResource
from attendees.models import Invitation, OutboundEmail
from tests.accounts import staff_account
from tests.factories import EventFactory, InvitationFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

HEADERS = ["email", "first_name", "last_name", "affiliation"]
CSV_FORMAT, XLSX_FORMAT = "0", "1"  # positions in InvitationAdmin.import_formats
IMPORT_URL = reverse("admin:attendees_invitation_import")
CONFIRM_URL = reverse("admin:attendees_invitation_process_import")

INVITEES = [
    ("seoyeon@snu.example", "Seoyeon", "Park", "Seoul National University"),
    ("minjun@kaist.example", "Minjun", "Kim", "KAIST"),
]


def csv_upload(rows, headers=HEADERS):
    content = tablib.Dataset(*rows, headers=headers).export("csv")
    return SimpleUploadedFile("invitees.csv", content.encode("utf-8"), content_type="text/csv")


def xlsx_upload(rows, headers=HEADERS):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("invitees.xlsx", buffer.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def preview(client, upload, file_format, event=None):
    return client.post(IMPORT_URL, {
        "resource": "0", "format": file_format, "import_file": upload, "event": event.pk if event else "",
    })


def confirm(client, preview_response):
    form = preview_response.context["confirm_form"]
    return client.post(CONFIRM_URL, {name: value for name, value in form.initial.items() if value is not None},
                       follow=True)


def import_types(response):
    return [row.import_type for row in response.context["result"].rows]


def invitees(event):
    return sorted(event.invitations.values_list("email", "first_name", "last_name", "affiliation"))


def invalid_rows(response):
    return {row.number: row.error_dict for row in response.context["result"].invalid_rows}


# Preview, then confirm

def test_import_csv_previews_then_creates_invitations_for_the_chosen_event(admin_client, event):
    shown = preview(admin_client, csv_upload(INVITEES), CSV_FORMAT, event=event)

    assert shown.status_code == 200
    assert import_types(shown) == ["new", "new"]
    assert "confirm_form" in shown.context
    assert Invitation.objects.count() == 0  # a preview writes nothing

    done = confirm(admin_client, shown)

    assert done.redirect_chain == [(reverse("admin:attendees_invitation_changelist"), 302)]
    assert invitees(event) == sorted(INVITEES)
    assert len({code for code in event.invitations.values_list("code", flat=True)}) == 2


def test_import_xlsx_with_event_column_sends_rows_to_each_event(admin_client):
    cvpr, neurips = EventFactory(slug="cvpr-dinner"), EventFactory(slug="neurips-dinner")
    rows = [(*INVITEES[0], "cvpr-dinner"), (*INVITEES[1], "neurips-dinner")]

    shown = preview(admin_client, xlsx_upload(rows, headers=[*HEADERS, "event"]), XLSX_FORMAT)
    confirm(admin_client, shown)

    assert import_types(shown) == ["new", "new"]
    assert invitees(cvpr) == [INVITEES[0]]
    assert invitees(neurips) == [INVITEES[1]]


def test_import_accepts_spreadsheet_style_headers_and_missing_optional_columns(admin_client, event):
    upload = xlsx_upload([("jiwoo@postech.example", "Jiwoo")], headers=["Email", "First name"])

    confirm(admin_client, preview(admin_client, upload, XLSX_FORMAT, event=event))

    assert invitees(event) == [("jiwoo@postech.example", "Jiwoo", "", "")]


def test_import_reads_csv_saved_by_excel_with_a_byte_order_mark(admin_client, event):
    content = tablib.Dataset(*INVITEES, headers=HEADERS).export("csv").encode("utf-8-sig")
    upload = SimpleUploadedFile("invitees.csv", content, content_type="text/csv")

    confirm(admin_client, preview(admin_client, upload, CSV_FORMAT, event=event))

    assert invitees(event) == sorted(INVITEES)


# Re-importing

def test_reimport_updates_changed_rows_skips_unchanged_and_keeps_codes(admin_client, event):
    confirm(admin_client, preview(admin_client, csv_upload(INVITEES), CSV_FORMAT, event=event))
    codes = dict(event.invitations.values_list("email", "code"))
    changed = [("SEOYEON@SNU.example", "Seoyeon", "Park", "SNU AI Institute"), INVITEES[1]]

    shown = preview(admin_client, csv_upload(changed), CSV_FORMAT, event=event)
    confirm(admin_client, shown)

    assert import_types(shown) == ["update", "skip"]
    assert event.invitations.count() == 2
    assert invitees(event) == sorted([("SEOYEON@SNU.example", "Seoyeon", "Park", "SNU AI Institute"), INVITEES[1]])
    assert dict(event.invitations.values_list("email", "code")) == {
        "SEOYEON@SNU.example": codes["seoyeon@snu.example"], "minjun@kaist.example": codes["minjun@kaist.example"]}


def test_same_email_for_two_events_makes_two_invitations(admin_client, event):
    other = EventFactory()
    InvitationFactory(event=other, email=INVITEES[0][0])

    confirm(admin_client, preview(admin_client, csv_upload(INVITEES[:1]), CSV_FORMAT, event=event))

    assert Invitation.objects.filter(email=INVITEES[0][0]).count() == 2


# Bad rows

def test_import_reports_bad_rows_by_spreadsheet_row_and_imports_nothing(admin_client, event):
    rows = [
        (*INVITEES[0], ""),                                            # row 2: fine
        ("not-an-email", "Bad", "Email", "KAIST", ""),                 # row 3
        ("jiwoo@postech.example", "Jiwoo", "Choi", "POSTECH", "no-such-dinner"),  # row 4
        (*INVITEES[1], ""),                                            # row 5: fine
        ("Seoyeon@snu.example", "Seoyeon", "Park", "SNU", ""),         # row 6: same email as row 2
    ]

    shown = preview(admin_client, csv_upload(rows, headers=[*HEADERS, "event"]), CSV_FORMAT, event=event)

    assert "confirm_form" not in shown.context
    assert invalid_rows(shown) == {
        3: {"email": ["Enter a valid email address."]},
        4: {"event": ["Unknown event “no-such-dinner”."]},
        6: {"email": ["Seoyeon@snu.example is in the file twice (rows 2 and 6)."]},
    }
    assert "Some rows failed to validate" in shown.content.decode()
    assert Invitation.objects.count() == 0


def test_import_without_an_event_anywhere_is_reported(admin_client):
    shown = preview(admin_client, csv_upload(INVITEES[:1]), CSV_FORMAT)

    assert invalid_rows(shown) == {
        2: {"event": ["No event: choose one in the import form or add an “event” column with its slug."]}}
    assert Invitation.objects.count() == 0


def test_import_rows_gone_bad_after_the_preview_import_nothing(admin_client):
    EventFactory(slug="cvpr-dinner")
    neurips = EventFactory(slug="neurips-dinner")
    rows = [(*INVITEES[0], "cvpr-dinner"), (*INVITEES[1], "neurips-dinner")]
    shown = preview(admin_client, csv_upload(rows, headers=[*HEADERS, "event"]), CSV_FORMAT)
    neurips.slug = "neurips-2027-dinner"  # renamed by a colleague before the import was confirmed
    neurips.save()

    done = confirm(admin_client, shown)

    assert [str(m) for m in done.context["messages"]] == [
        "Nothing was imported: the file has errors now. Upload it again to see them."]
    assert Invitation.objects.count() == 0


def test_resource_rolls_back_every_row_when_one_is_bad(event):
    dataset = tablib.Dataset(INVITEES[0], ("broken", "", "", ""), headers=HEADERS)

    result = InvitationResource(event=event).import_data(dataset, dry_run=False, rollback_on_validation_errors=True)

    assert [row.number for row in result.invalid_rows] == [3]
    assert Invitation.objects.count() == 0


def test_import_needs_permission_to_add_invitations(client, django_user_model):
    user = django_user_model.objects.create_user("viewer", password="pw-for-tests", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_invitation"))
    client.force_login(user)

    response = client.get(IMPORT_URL)

    assert response.status_code == 403


# Invitation codes after an import

def register_with_code(event, email, code):
    profile = {"first_name": "Seoyeon", "last_name": "Park", "affiliation": "SNU", "position": "phd"}
    return services.register(event=event, email=email, profile=profile, company_ids=[], research_area_ids=[],
                             invitation_code=code)


@pytest.fixture
def invite_only(event):
    event.invite_only = True
    event.save()
    return event


def test_imported_invitation_code_registers_once_for_its_event(admin_client, invite_only):
    confirm(admin_client, preview(admin_client, csv_upload(INVITEES[:1]), CSV_FORMAT, event=invite_only))
    invitation = invite_only.invitations.get()

    outcome = register_with_code(invite_only, INVITEES[0][0], invitation.code)
    with pytest.raises(RegistrationError) as second:
        register_with_code(invite_only, "someone.else@snu.example", invitation.code)

    assert outcome.registration.invitation == invitation
    assert second.value.message == "This invitation code has already been used."


def test_imported_invitation_code_is_refused_at_another_event(admin_client, invite_only):
    other = EventFactory(invite_only=True)
    confirm(admin_client, preview(admin_client, csv_upload(INVITEES[:1]), CSV_FORMAT, event=other))

    with pytest.raises(RegistrationError) as error:
        register_with_code(invite_only, INVITEES[0][0], other.invitations.get().code)

    assert error.value.message == "This invitation code is not valid for this event."
    assert invite_only.registrations.count() == 0


def test_reimport_of_a_used_invitation_keeps_it_used(admin_client, invite_only):
    confirm(admin_client, preview(admin_client, csv_upload(INVITEES[:1]), CSV_FORMAT, event=invite_only))
    invitation = invite_only.invitations.get()
    register_with_code(invite_only, INVITEES[0][0], invitation.code)

    renamed = [(INVITEES[0][0], "Seo-yeon", "Park", "SNU")]
    confirm(admin_client, preview(admin_client, csv_upload(renamed), CSV_FORMAT, event=invite_only))

    invitation.refresh_from_db()
    assert (invitation.first_name, invitation.registration.researcher.email) == ("Seo-yeon", INVITEES[0][0])


# Sending the invitations

def test_send_invitation_emails_action_queues_one_email_per_unused_invitation(admin_client, event):
    fresh = InvitationFactory.create_batch(2, event=event)
    used = InvitationFactory(event=event)
    RegistrationFactory(event=event, invitation=used)

    response = admin_client.post(reverse("admin:attendees_invitation_changelist"), {
        "action": "send_invitation_emails", "_selected_action": [i.pk for i in (*fresh, used)]}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "2 invitation emails are on their way.",
        "1 invitation was skipped: it has already been used to register.",
    ]
    assert sorted(OutboundEmail.objects.values_list("to", flat=True)) == sorted(i.email for i in fresh)
    assert [Invitation.objects.get(pk=i.pk).sent_at is not None for i in (*fresh, used)] == [True, True, False]


def test_an_organizer_imports_only_into_their_own_events(client, django_user_model, event):
    other = EventFactory(slug="someone-elses-dinner")
    client.force_login(staff_account(django_user_model, "organizer", "Organizer", event, is_staff=True))
    rows = [(*INVITEES[0], event.slug), (*INVITEES[1], other.slug)]

    chosen_elsewhere = preview(client, csv_upload(INVITEES[:1]), CSV_FORMAT, event=other)
    named_elsewhere = preview(client, csv_upload(rows, headers=[*HEADERS, "event"]), CSV_FORMAT)

    assert "event" in chosen_elsewhere.context["form"].errors  # not one of the choices
    assert invalid_rows(named_elsewhere) == {3: {"event": ["Unknown event “someone-elses-dinner”."]}}
    assert Invitation.objects.count() == 0
