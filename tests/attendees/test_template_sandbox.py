"""An organizer's email template reaches nothing but the recipient's own plain values, and a stored
email holds no link that works (attendees/mail/sandbox.py, attendees/mail/keys.py)."""
import importlib
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client
from django.urls import reverse

from attendees import links, personal_links
from attendees.enums import RegistrationStatus
from attendees.mail.delivery import build_message
from attendees.mail.enums import EmailKind
from attendees.mail.queue import queue_registration_email
from attendees.mail.rendering import registration_context, render_email
from attendees.mail.sandbox import NotPlain
from attendees.models import EmailTemplate, OutboundEmail, Registration, RegistrationRequest
from tests.accounts import staff_account
from tests.attendees.test_registration import form_data, register_and_confirm, register_url, sent_text
from tests.mail import write_pending
from tests.factories import EmailTemplateFactory, RegistrationFactory, ResearcherFactory

pytestmark = pytest.mark.django_db

# Everything the reported template reached, and more, through the lookups a template can write.
ATTACK = """Welcome {{ first_name }}.
{% for r in event.registrations.all %}{{ r.researcher.email }} {{ r.token }} {{ r.dietary_needs }}
{% endfor %}{% for e in event.outbound_emails.all %}{{ e.to }} {{ e.body_text }}{% endfor %}
{% for u in event.staff.all %}{{ u.email }} {{ u.password }}{% endfor %}
{{ registration.researcher.email }} {{ registration.token }} {{ researcher.email }} {{ registration.dietary_needs }}
{{ settings.SECRET_KEY }} {{ request.user.email }} {{ user.email }} {{ perms }}
{{ event }} {% for key, value in event.items %}{{ key }}={{ value }} {% endfor %}{{ seating }}
{{ personal_page_url }}"""

REFUSED = [
    ('{% include "emails/layout.html" %}', "An email template can include only"),
    ('{% include "../config/settings/base.py" %}', "An email template can include only"),
    ("{% include template_name %}", "An email template can include only"),
    ('{% extends "emails/registered.txt" %}', "cannot use {% extends %}"),
    ("{% debug %}", "cannot use {% debug %}"),
    ('{% url "admin:index" %}', "cannot use {% url %}"),
    ("{% load static %}{% get_static_prefix %}", "'static' is not a registered tag library"),
]


@pytest.fixture
def others(event, django_capture_on_commit_callbacks):
    """Five researchers registered before the attacker's template, each with markers of their own,
    their emails stored and sent."""
    registrations = []
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            registration = RegistrationFactory(
                event=event, status=RegistrationStatus.CONFIRMED, dietary_needs=f"peanut-allergy-{n}",
                researcher=ResearcherFactory(first_name=f"Victim{n}", email=f"victim{n}@secret.example"))
            queue_registration_email(registration=registration, kind=EmailKind.CONFIRMED)
            registrations.append(registration)
    return registrations


@pytest.fixture
def organizer(django_user_model, event):
    return staff_account(django_user_model, "olivia", "Organizer", event, is_staff=True,
                         email="olivia@organizers.example")


def secrets_of(registrations, organizer=None):
    """Every string that would give away another person: addresses, needs, tokens, signed links."""
    found = {settings.SECRET_KEY}
    for registration in registrations:
        found |= {registration.researcher.email, registration.dietary_needs, registration.token,
                  links.personal_page_token(registration), links.checkin_token(registration)}
    if organizer is not None:
        found |= {organizer.email, organizer.password}
    return found


def leaked(text, secrets):
    return sorted(secret for secret in secrets if secret and secret in text)


def test_the_reported_loop_over_every_registration_finds_no_other_researcher(
        client, event, others, organizer, django_capture_on_commit_callbacks):
    client.force_login(organizer)
    response = client.post(reverse("admin:attendees_emailtemplate_add"), {
        "event": event.pk, "kind": EmailKind.REGISTERED, "language": "en",
        "subject": "Hi {{ registration.researcher.email }}{{ event.registrations.all }}", "body": ATTACK}, follow=True)
    # Saved (it only reads names that do not exist), with a warning naming them.
    assert EmailTemplate.objects.filter(event=event, kind=EmailKind.REGISTERED).exists()
    (warning,) = [str(m) for m in response.context["messages"] if "not placeholders" in str(m)]
    assert "event.registrations.all" in warning and "settings.SECRET_KEY" in warning
    assert "first_name" not in warning

    with django_capture_on_commit_callbacks(execute=True):
        register_and_confirm(Client(), event, form_data(event, email="next@kaist.example", first_name="Nayeon"))

    sent = mail.outbox[-1]
    newcomer = Registration.objects.get(researcher__email="next@kaist.example")
    assert sent.to == ["next@kaist.example"]
    assert sent.body.startswith("Welcome Nayeon.\n")
    everything_sent = sent.subject + sent.body + sent.alternatives[0].content
    assert leaked(everything_sent, secrets_of(others, organizer)) == []
    assert "victim" not in everything_sent.lower() and "peanut" not in everything_sent
    # Only the newcomer's own link, and it works.
    personal = re.findall(r"http://127\.0\.0\.1:8000(/my/[^/\s]+/)", sent.body)
    assert personal == [reverse("portal:personal", kwargs={"signed": links.personal_page_token(newcomer)})]
    assert "Nayeon" in Client().get(personal[0]).content.decode()


def test_the_preview_of_the_attack_shows_nothing_of_anyone_and_names_what_does_not_exist(
        client, event, others, organizer):
    template = EmailTemplateFactory(event=event, kind=EmailKind.REGISTERED, subject="{{ event.staff.all }}",
                                    body=ATTACK)
    client.force_login(organizer)

    response = client.get(reverse("admin:attendees_emailtemplate_preview", args=[template.pk]))

    page = response.content.decode()
    assert response.status_code == 200 and "error" not in response.context
    # The preview renders for the event's first registration: even that researcher's link is masked.
    assert leaked(page, secrets_of(others, organizer)) == []
    assert "peanut" not in page
    assert "http://127.0.0.1:8000/my/[personal-link]/" in response.context["email"].text
    unknown = response.context["unknown_names"]
    assert {"event.registrations.all", "event.outbound_emails.all", "event.staff.all",
            "registration.researcher.email", "settings.SECRET_KEY", "researcher.email"} <= set(unknown)
    assert "first_name" not in unknown and "personal_page_url" not in unknown
    assert "event.display_name" in response.context["known_names"]
    assert 'id="preview-unknown"' in page


@pytest.mark.parametrize(("source", "message"), REFUSED, ids=[s for s, _ in REFUSED])
def test_the_admin_refuses_what_reaches_other_files_or_the_whole_context(client, event, organizer, source, message):
    client.force_login(organizer)

    response = client.post(reverse("admin:attendees_emailtemplate_add"), {
        "event": event.pk, "kind": EmailKind.REGISTERED, "language": "en", "subject": "Hello", "body": source})

    assert response.status_code == 200
    assert message in " ".join(response.context["adminform"].form.errors["body"])
    assert EmailTemplate.objects.count() == 0


def test_a_refused_template_stored_before_renders_nothing_of_it(event, others, django_capture_on_commit_callbacks):
    """A template saved before the sandbox (or written to the database by hand) fails and the default is sent."""
    EmailTemplateFactory(event=event, kind=EmailKind.REGISTERED, body='{% include "emails/layout.html" %}{% debug %}')
    newcomer = RegistrationFactory(event=event, status=RegistrationStatus.APPLIED)

    with django_capture_on_commit_callbacks(execute=True):
        queue_registration_email(registration=newcomer, kind=EmailKind.REGISTERED)

    sent = mail.outbox[-1]
    assert sent.subject == f"Registration received: {event.name}"
    assert leaked(sent.body + sent.alternatives[0].content, secrets_of(others)) == []


def test_unknown_names_render_empty_and_the_known_ones_as_before(event):
    registration = RegistrationFactory(event=event, researcher__first_name="Hana")
    template = EmailTemplate(subject="{{ event.name }}", body="[{{ registration.researcher.email }}][{{ nothing }}]"
                             "[{{ first_name }}][{{ event.registrations.count }}][{{ event.city }}]")

    rendered = render_email(event=event, kind=EmailKind.CONFIRMED, language="en", fallback=False,
                            context=registration_context(registration), organizer_template=template)

    assert rendered.text == f"[][][Hana][][{event.city}]\n"
    assert rendered.subject == event.name


def test_a_context_with_a_model_in_it_is_refused_before_any_template_sees_it(event):
    registration = RegistrationFactory(event=event)

    with pytest.raises(NotPlain, match="context.registration is a Registration"):
        render_email(event=event, kind=EmailKind.CONFIRMED, language="en",
                     context={**registration_context(registration), "registration": registration})


def test_stored_emails_hold_no_token_and_the_sent_ones_work(client, event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register_and_confirm(client, event, form_data(event))
        registration = Registration.objects.get()
        client.post(reverse("attendees:lost_link", kwargs={"slug": event.slug}), {"email": "minjun@kaist.ac.kr"})
        old_token = registration.token
        personal_links.send_new_personal_links(registration_ids=[registration.pk])
    registration.refresh_from_db()
    request = RegistrationRequest.objects.get()

    secrets = {old_token, registration.token, request.token, links.personal_page_token(registration),
               links.checkin_token(registration), links.confirm_token(request)}
    stored = list(OutboundEmail.objects.order_by("pk"))
    assert [e.kind for e in stored] == [EmailKind.CONFIRM, EmailKind.REGISTERED, EmailKind.PERSONAL_LINK,
                                        EmailKind.NEW_LINK]
    for email in stored:
        assert leaked(email.subject + email.body_text + email.body_html, secrets) == [], email.kind
    assert stored[0].registration_request == request
    # The last message sent carries the registration's current link, which opens its page.
    new_link = re.search(r"http://127\.0\.0\.1:8000(/my/[^/\s]+/)", mail.outbox[-1].body).group(1)
    assert new_link == reverse("portal:personal", kwargs={"signed": links.personal_page_token(registration)})
    assert Client().get(new_link).status_code == 200
    assert f'href="http://127.0.0.1:8000{new_link}"' in mail.outbox[-1].alternatives[0].content


def test_the_confirm_link_is_put_in_when_sending_and_confirms(client, event):
    client.post(register_url(event), form_data(event))
    write_pending()
    email = OutboundEmail.objects.get()

    assert "/confirm/[confirm-link]/" in email.body_text
    response = client.post(re.search(r"http://127\.0\.0\.1:8000(/confirm/[^/\s]+/)", sent_text(email)).group(1))

    assert response.status_code == 302
    assert Registration.objects.count() == 1


def test_a_link_written_inside_another_address_stays_masked(event, django_capture_on_commit_callbacks):
    EmailTemplateFactory(event=event, kind=EmailKind.CONFIRMED, subject="Hi",
                         body="Go to https://elsewhere.example/?u={{ personal_page_url }} or\n"
                              "https://elsewhere.example/({{ personal_page_url }})\nYours: {{ personal_page_url }}")
    registration = RegistrationFactory(event=event)

    with django_capture_on_commit_callbacks(execute=True):
        queue_registration_email(registration=registration, kind=EmailKind.CONFIRMED)

    body = mail.outbox[-1].body
    working = links.personal_page_url(registration)
    assert body.count(working) == 1
    assert body.endswith(f"Yours: {working}\n")
    assert "https://elsewhere.example/?u=http://127.0.0.1:8000/my/[personal-link]/" in body


def test_an_account_that_may_only_view_emails_opens_no_personal_page_from_them(
        client, django_user_model, event, others):
    viewer = staff_account(django_user_model, "viewer", "Recruiter", event, is_staff=True)
    viewer.groups.clear()
    viewer.user_permissions.add(Permission.objects.get(codename="view_outboundemail"))
    client.force_login(viewer)
    email = OutboundEmail.objects.filter(registration=others[0]).first()

    page = client.get(reverse("admin:attendees_outboundemail_change", args=[email.pk])).content.decode()

    assert "http://127.0.0.1:8000/my/[personal-link]/" in page
    assert leaked(page, {links.personal_page_token(r) for r in others} | {r.token for r in others}) == []
    for path in set(re.findall(r"http://127\.0\.0\.1:8000(/my/[^\s<\"]+?/)", page)):
        assert Client().get(path).status_code != 200
        assert Client().post(path + "cancel/").status_code != 302
    assert Registration.objects.filter(status=RegistrationStatus.CANCELLED).count() == 0


def test_emails_stored_before_the_sandbox_are_masked_by_the_migration_and_still_sent_right(event):
    registration = RegistrationFactory(event=event)
    request = RegistrationRequest.objects.create(event=event, email="a@kaist.example", data={},
                                                 expires_at=registration.created_at.replace(year=2100))
    old_text = f"Page: {links.personal_page_url(registration)}\nConfirm: {links.confirm_url(request)}\n"
    email = OutboundEmail.objects.create(event=event, registration=registration, kind=EmailKind.CONFIRMED,
                                         to="a@kaist.example", subject="Hi", body_text=old_text,
                                         body_html=f"<p>{old_text}</p>")

    importlib.import_module("attendees.migrations.0006_outbound_email_registration_request").mask_stored_links(
        apps, None)

    email.refresh_from_db()
    assert email.body_text == ("Page: http://127.0.0.1:8000/my/[personal-link]/\n"
                               "Confirm: http://127.0.0.1:8000/confirm/[confirm-link]/\n")
    assert email.registration_request == request
    assert build_message(email).body == old_text
