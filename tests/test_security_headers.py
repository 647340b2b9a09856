"""Content-Security-Policy and the other security headers, page by page.

The attack: markup that slips into a page (a name, a template) tries to run script or restyle the
page. The public pages, the door and the seating board must carry a policy that runs no inline code,
and must themselves contain none, so that the policy costs them nothing.
"""
import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from attendees import links
from attendees.enums import RegistrationStatus
from tables.models import Round
from tests.attendees.test_registration import form_data
from tests.factories import (
    EmailTemplateFactory, InvitationFactory, OutboundEmailFactory, SeatingRunFactory, SeatingSettingsFactory,
)
from tests.inline_code import blocked_by, inline_code, parse_policy, source_hash
from tests.tables.conftest import make_event, theme_and_seat

pytestmark = pytest.mark.django_db

STRICT_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


@pytest.fixture
def seated(db):
    """A seated event whose rounds are published."""
    event = theme_and_seat(make_event(researchers=6, tables=2, hosts_per_company=(2, 2)))
    Round.objects.filter(event=event).update(published_at=timezone.now())
    return event


@pytest.fixture
def registration(seated):
    return seated.registrations.filter(status=RegistrationStatus.CONFIRMED).select_related("researcher").first()


@pytest.fixture
def organizer(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("organizer", "o@example.org", "pw"))
    return client


def public_pages(client, event, registration):
    slug = {"slug": event.slug}
    personal = {"signed": links.personal_page_token(registration)}
    return {
        "event list": client.get(reverse("events:list")),
        "event page": client.get(reverse("events:detail", kwargs=slug)),
        "privacy notice": client.get(reverse("events:privacy", kwargs=slug)),
        "registration form": client.get(reverse("attendees:register", kwargs=slug)),
        "registration form with errors": client.post(reverse("attendees:register", kwargs=slug),
                                                     form_data(event, email="not an address")),
        "register done": client.post(reverse("attendees:register", kwargs=slug),
                                     form_data(event, email="csp@example.org"), follow=True),
        "personal page": client.get(reverse("portal:personal", kwargs=personal)),
        "personal cancel page": client.get(reverse("portal:personal_cancel", kwargs=personal)),
    }


def door_pages(client, event, registration):
    return {
        "door search with a result": client.get(reverse("checkin:event", kwargs={"slug": event.slug}),
                                                {"q": registration.researcher.last_name}),
        "door guest page": client.get(reverse("checkin:guest", kwargs={"signed": links.checkin_token(registration)})),
    }


def board_pages(client, event):
    round_2 = event.rounds.get(number=2)
    return {
        "seating board": client.get(reverse("admin:tables_round_board", args=[round_2.pk])),
        "table cards to print": client.get(reverse("admin:tables_round_print", args=[round_2.pk])),
    }


def assert_strict_and_free_of_inline_code(name, response):
    assert response.status_code == 200, name
    policy = parse_policy(response["Content-Security-Policy"])
    assert "'unsafe-inline'" not in sum(policy.values(), []), name
    assert (policy["script-src"], policy["style-src"]) == (["'self'"], ["'self'"]), name
    assert inline_code(response.content.decode()) == [], name


def test_public_pages_have_a_strict_policy_and_no_inline_code(client, seated, registration):
    pages = public_pages(client, seated, registration)

    for name, response in pages.items():
        assert parse_policy(response["Content-Security-Policy"]) == STRICT_POLICY, name
        assert_strict_and_free_of_inline_code(name, response)
    assert "Check your inbox" in pages["register done"].content.decode()
    assert 'class="invalid-feedback' in pages["registration form with errors"].content.decode()
    assert 'src="data:image/svg+xml' in pages["personal page"].content.decode()  # the QR code, allowed by img-src


def test_door_pages_have_a_strict_policy_and_no_inline_code(staff_client, door_staff, seated, registration):
    seated.staff.add(door_staff)
    pages = door_pages(staff_client, seated, registration)

    for name, response in pages.items():
        assert parse_policy(response["Content-Security-Policy"]) == STRICT_POLICY, name
        assert_strict_and_free_of_inline_code(name, response)
    assert f'id="registration-{registration.pk}"' in pages["door search with a result"].content.decode()


def test_seating_board_and_its_print_view_have_no_inline_code(organizer, seated):
    pages = board_pages(organizer, seated)

    for name, response in pages.items():
        assert_strict_and_free_of_inline_code(name, response)
    assert 'id="sb-tables"' in pages["seating board"].content.decode()


def test_every_page_sends_the_other_security_headers(client, seated):
    response = client.get(reverse("events:detail", kwargs={"slug": seated.slug}))

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    features = dict(part.split("=", 1) for part in response["Permissions-Policy"].split(", "))
    assert features["camera"] == "(self)"
    assert {features[name] for name in ("geolocation", "microphone", "payment", "usb")} == {"()"}


def test_a_json_script_element_is_not_inline_code():
    html = '<script id="counts" type="application/json">{"arrived": 1}</script><script src="/static/x.js"></script>'

    assert inline_code(html) == []


def test_inline_code_finds_scripts_handlers_styles_and_javascript_urls():
    html = ('<script>alert(1)</script><style>p{}</style><b onclick="go()" style="color:red">x</b>'
            '<a href="javascript:go()">y</a>')

    found = [(item.kind, item.source) for item in inline_code(html)]

    assert found == [("script", "alert(1)"), ("style", "p{}"), ("script-attr", "go()"), ("style-attr", "color:red"),
                     ("script", "javascript:go()")]


# The admin: every kind of page runs under the policy; what it needs is allowed by hash or on one view.

def admin_urls(event):
    """Changelist, add, change, delete and history of every registered model, with an object of each."""
    EmailTemplateFactory(event=event)
    OutboundEmailFactory(registration=event.registrations.first())
    InvitationFactory(event=event)
    SeatingSettingsFactory(event=event)
    SeatingRunFactory(event=event)
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls += [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
        obj = model._default_manager.first()
        if obj is not None:
            urls += [reverse(f"{prefix}_{view}", args=[obj.pk]) for view in ("change", "delete", "history")]
    urls += [reverse("admin:attendees_invitation_import"), reverse("admin:attendees_registration_export")]
    return urls


def test_no_admin_page_holds_inline_code_its_policy_blocks(organizer, seated):
    urls = admin_urls(seated)

    blocked = {}
    for url in urls:
        response = organizer.get(url)
        if response.status_code == 200:
            policy = parse_policy(response["Content-Security-Policy"])
            blocked[url] = blocked_by(policy, inline_code(response.content.decode()))

    assert len(blocked) >= 40  # the walk reached the pages, not only 403s
    assert {url: items for url, items in blocked.items() if items} == {}


def test_admin_allows_exactly_the_export_pages_inline_attributes_by_hash(organizer, seated):
    response = organizer.get(reverse("admin:attendees_registration_export"))

    policy = parse_policy(response["Content-Security-Policy"])
    found = inline_code(response.content.decode())
    assert {(item.kind, item.source) for item in found} == {
        ("script-attr", "onSelectToggleChange(event)"), ("style-attr", "padding: 0;"),
        ("style-attr", "font-weight: bold;")}
    assert policy["script-src-attr"] == ["'unsafe-hashes'", source_hash("onSelectToggleChange(event)")]
    assert blocked_by(policy, found) == []
    assert blocked_by(policy, inline_code('<b onclick="alert(1)" style="color: red">')) != []
    assert (policy["script-src"], policy["style-src"]) == (["'self'"], ["'self'"])


def test_email_preview_allows_style_attributes_for_the_email_and_nothing_else(organizer, seated):
    template = EmailTemplateFactory(event=seated)

    response = organizer.get(reverse("admin:attendees_emailtemplate_preview", args=[template.pk]))

    policy = parse_policy(response["Content-Security-Policy"])
    assert 'srcdoc="&lt;!doctype html&gt;' in response.content.decode()
    assert policy["style-src-attr"] == ["'unsafe-inline'"]
    assert (policy["script-src"], policy["style-src"]) == (["'self'"], ["'self'"])
    assert "script-src-attr" not in policy
    assert inline_code(response.content.decode()) == []


def test_public_pages_get_no_admin_relaxation(client, seated):
    response = client.get(reverse("events:list"))

    assert "script-src-attr" not in response["Content-Security-Policy"]
    assert "'unsafe-hashes'" not in response["Content-Security-Policy"]
