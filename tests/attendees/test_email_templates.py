"""Organizers word each email per event and language; broken templates are refused or fall back."""
import re

import pytest
from django.core import mail
from django.urls import reverse

from attendees import services
from attendees.enums import RegistrationStatus
from attendees.mail.enums import EmailKind
from attendees.mail.rendering import default_source
from attendees.models import EmailTemplate, OutboundEmail, Registration
from tests.attendees.test_registration import form_data, latest_confirm_path, register_url
from tests.mail import write_pending
from tests.factories import EmailTemplateFactory, EventFactory, RegistrationFactory, ResearcherFactory

pytestmark = pytest.mark.django_db


def confirm(registration, capture):
    with capture(execute=True):
        services.change_status(registration_ids=[registration.pk], status=RegistrationStatus.CONFIRMED)
    return mail.outbox[-1]


def template_form(event, **overrides):
    data = {"event": event.pk, "kind": EmailKind.CONFIRMED, "language": "en",
            "subject": "See you, {{ first_name }}", "body": "{{ event.name }} is on {{ event_date }}."}
    data.update(overrides)
    return data


@pytest.mark.parametrize(("field", "source"), [
    ("subject", "Hello {{ first_name|nosuchfilter }}"),
    ("body", "{% if first_name %}no end"),
    ("body", "{% nosuchtag %}"),
])
def test_admin_refuses_a_template_that_does_not_compile_with_the_error_on_the_field(admin_client, event, field, source):
    response = admin_client.post(reverse("admin:attendees_emailtemplate_add"), template_form(event, **{field: source}))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == [field]
    assert EmailTemplate.objects.count() == 0


def test_admin_saves_a_valid_template(admin_client, event):
    response = admin_client.post(reverse("admin:attendees_emailtemplate_add"), template_form(event))

    assert response.status_code == 302
    assert EmailTemplate.objects.get().subject == "See you, {{ first_name }}"


def test_admin_add_page_starts_from_the_default_wording(admin_client):
    response = admin_client.get(reverse("admin:attendees_emailtemplate_add") + "?kind=promoted")

    initial = response.context["adminform"].form.initial
    assert initial["subject"] == (
        "{% blocktranslate with name=event.display_name %}A place opened up for you: {{ name }}{% endblocktranslate %}")
    assert initial["body"].startswith("{% blocktranslate %}Dear {{ first_name }},{% endblocktranslate %}")


def test_default_wording_pasted_as_a_template_renders_like_the_default(event, django_capture_on_commit_callbacks):
    first, second = RegistrationFactory.create_batch(2, event=event, status=RegistrationStatus.APPLIED)
    default = confirm(first, django_capture_on_commit_callbacks)
    subject, body = default_source(EmailKind.CONFIRMED)
    EmailTemplateFactory(event=event, kind=EmailKind.CONFIRMED, subject=subject, body=body)

    custom = confirm(second, django_capture_on_commit_callbacks)

    assert custom.subject == default.subject
    # The same words; only the personal link at the end differs.
    assert custom.body.split("http")[0] == default.body.split("http")[0]


def test_organizer_template_is_used_for_its_event_only(event, django_capture_on_commit_callbacks):
    EmailTemplateFactory(event=event, kind=EmailKind.CONFIRMED, subject="Welcome {{ first_name }}",
                         body="Table talk at {{ event.name }} on {{ event_date }}.")
    ours = RegistrationFactory(event=event, status=RegistrationStatus.APPLIED, researcher__first_name="Hana")
    other = RegistrationFactory(event=EventFactory(), status=RegistrationStatus.APPLIED)

    our_mail = confirm(ours, django_capture_on_commit_callbacks)
    other_mail = confirm(other, django_capture_on_commit_callbacks)

    assert our_mail.subject == "Welcome Hana"
    assert our_mail.body.startswith(f"Table talk at {event.name} on ")
    assert other_mail.subject == f"Your place is confirmed: {other.event.name}"


def test_text_is_not_escaped_and_html_escapes_what_the_text_says(event, django_capture_on_commit_callbacks):
    EmailTemplateFactory(event=event, kind=EmailKind.CONFIRMED, subject="{{ full_name }}",
                         body="Hi {{ first_name }} <b>& welcome</b>")
    registration = RegistrationFactory(event=event, status=RegistrationStatus.APPLIED,
                                       researcher=ResearcherFactory(first_name="R&D", last_name="<Lee>"))

    message = confirm(registration, django_capture_on_commit_callbacks)

    assert message.subject == "R&D <Lee>"
    assert message.body == "Hi R&D <b>& welcome</b>\n"
    assert "<p>Hi R&amp;D &lt;b&gt;&amp; welcome&lt;/b&gt;</p>" in message.alternatives[0].content


def test_template_that_fails_on_real_data_falls_back_to_the_default(event, django_capture_on_commit_callbacks):
    EmailTemplateFactory(event=event, kind=EmailKind.CONFIRMED, body='{% include "emails/no-such-file.txt" %}')
    registration = RegistrationFactory(event=event, status=RegistrationStatus.APPLIED)

    message = confirm(registration, django_capture_on_commit_callbacks)

    assert message.subject == f"Your place is confirmed: {event.name}"


def test_preview_renders_the_template_for_a_registration_of_the_event(admin_client, event):
    RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED, researcher__first_name="Jiwoo")
    template = EmailTemplateFactory(event=event, kind=EmailKind.CONFIRMED, subject="Hi {{ first_name }}",
                                    body="See you at {{ event.name }}.")

    response = admin_client.get(reverse("admin:attendees_emailtemplate_preview", args=[template.pk]))

    assert response.status_code == 200
    assert response.context["email"].subject == "Hi Jiwoo"
    assert response.context["email"].text == f"See you at {event.name}.\n"


def test_preview_without_registrations_uses_a_sample_researcher_and_sample_tables(admin_client, event):
    template = EmailTemplateFactory(event=event, kind=EmailKind.SEATING, subject="Tables for {{ first_name }}",
                                    body="{% for t in seating %}{{ t.round_number }}:{{ t.table_number }} {% endfor %}")

    response = admin_client.get(reverse("admin:attendees_emailtemplate_preview", args=[template.pk]))

    assert (response.context["email"].subject, response.context["email"].text) == ("Tables for Minjun", "1:5 2:11\n")


def test_preview_shows_a_render_error_instead_of_failing(admin_client, event):
    template = EmailTemplateFactory(event=event, body='{% include "emails/no-such-file.txt" %}')

    response = admin_client.get(reverse("admin:attendees_emailtemplate_preview", args=[template.pk]))

    assert response.status_code == 200
    assert response.context["error"] == "TemplateDoesNotExist: emails/no-such-file.txt"


def test_preview_of_an_invitation_uses_the_code_and_register_link(admin_client, event):
    template = EmailTemplateFactory(event=event, kind=EmailKind.INVITATION, subject="Code {{ invitation_code }}",
                                    body="{{ register_url }}")

    response = admin_client.get(reverse("admin:attendees_emailtemplate_preview", args=[template.pk]))

    assert response.context["email"].subject == "Code ABCD2345EF"
    assert response.context["email"].text.endswith(f"/events/{event.slug}/register/?code=ABCD2345EF\n")


@pytest.mark.parametrize(("kind", "link"), [
    (EmailKind.CONFIRM, "/confirm/"), (EmailKind.REREGISTER, "/confirm/"), (EmailKind.NOT_REGISTERED, "/events/"),
    (EmailKind.ALREADY_REGISTERED, "/my/"), (EmailKind.PERSONAL_LINK, "/my/"), (EmailKind.NEW_LINK, "/my/"),
])
def test_preview_of_each_answer_to_the_public_forms_shows_its_link(admin_client, event, kind, link):
    subject, body = default_source(kind)
    template = EmailTemplateFactory(event=event, kind=kind, subject=subject, body=body)

    response = admin_client.get(reverse("admin:attendees_emailtemplate_preview", args=[template.pk]))

    assert "error" not in response.context
    assert re.search(rf"http://127\.0\.0\.1:8000{link}\S+", response.context["email"].text)
    assert event.name in response.context["email"].subject


def test_organizer_wording_of_the_confirmation_email_is_used_and_its_link_works(client, event):
    EmailTemplateFactory(event=event, kind=EmailKind.CONFIRM, subject="Please confirm: {{ event.name }}",
                         body="Confirm within {{ confirm_hours }} hours: {{ confirm_url }}")

    client.post(register_url(event), form_data(event))
    write_pending()

    email = OutboundEmail.objects.get()
    assert email.subject == f"Please confirm: {event.name}"
    assert email.body_text.startswith("Confirm within 24 hours: http://127.0.0.1:8000/confirm/")
    client.post(latest_confirm_path())
    assert Registration.objects.count() == 1


@pytest.mark.parametrize("count", [1, 3])
def test_admin_email_template_list_query_count_does_not_grow(admin_client, count, django_assert_num_queries):
    event = EventFactory()
    for kind in list(EmailKind)[:count]:
        EmailTemplateFactory(event=event, kind=kind)

    with django_assert_num_queries(6):
        admin_client.get(reverse("admin:attendees_emailtemplate_changelist"))
