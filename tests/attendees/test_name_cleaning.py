"""Spoofed and invisible names, typed into the public form, the personal page, an invitation file and the admin.

What is kept is NFC without invisible formatting characters; what is empty after that, or holds a
web or email address in a name, is refused next to its field and nothing is saved.
"""
import unicodedata

import pytest
import tablib
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape

from attendees import links
from attendees.enums import RegistrationStatus
from attendees.forms import RegistrationForm
from attendees.models import Invitation, Registration, Researcher
from tests.portal.test_personal_page import details
from tests.attendees.test_registration import form_data, register_url
from tests.factories import RegistrationFactory, ResearcherFactory

pytestmark = pytest.mark.django_db

INVISIBLE = "This holds only invisible characters. Please type it with visible letters."
ADDRESS = "A name cannot contain a web address, an email address or angle brackets (< >)."

CLEANED = [
    ("Park\u202enimdA", "ParknimdA"),                            # right-to-left override (shows "ParkAdmin")
    ("\u2066Min\u2069jun\u202a\u202c\u202d", "Minjun"),         # isolates and embeddings
    ("\u200bMin\u200bjun\u2060\u2061\u2062\u2063\u2064", "Minjun"),  # zero-width space, word joiner, operators
    ("\ufeffSeo\u200eyeon\u200f", "Seoyeon"),                    # byte-order mark, direction marks
    ("Min\u00adjun", "Minjun"),                                  # soft hyphen
    ("K\u200dim\u200c", "Kim"),                                  # joiners inside Latin text and at the end
    (unicodedata.normalize("NFD", "김민준"), "김민준"),            # decomposed Hangul jamo
    ("Jose\u0301", "José"),                                     # decomposed Latin
    ("박서연", "박서연"),
    ("Ana 👩\u200d💻", "Ana 👩\u200d💻"),                          # an emoji sequence keeps its joiner
    ("محمد\u200cرضا", "محمد\u200cرضا"),                          # a Persian name keeps its non-joiner
]
BLANK = ["\u200b\u200b\u200b", "\u202e", "\u200d", "\u3164\u3164", "\u2060\ufeff\u00ad"]
ADDRESSES = [
    "Visit http://evil.example now", "evil.example/login", '<a href="http://evil.example/">win</a>',
    "www.evil.example", "pay@evil.example", "Visit evil.example",
    "Admin\u202egnp.exe",  # once the override is gone, "Admingnp.exe" reads as a host name
]


def registration_form(event, **overrides):
    return RegistrationForm(data=form_data(event, **overrides), event=event)


@pytest.mark.parametrize(("typed", "kept"), CLEANED)
def test_registration_form_keeps_names_in_nfc_without_invisible_characters(event, typed, kept):
    form = registration_form(event, first_name=typed, last_name=typed, native_name=typed)

    assert form.is_valid(), form.errors
    profile = form.profile()
    assert (profile["first_name"], profile["last_name"], profile["native_name"]) == (kept, kept, kept)


def test_registration_form_cleans_every_free_text_field(event):
    form = registration_form(event, affiliation="Admin\u202egnp.exe\u200b", lab="Vision\u2060 Lab",
                             country="Korea\u00ad", homepage="https://minjun\u200b.example.org/",
                             dietary_needs="vegan 🌱\u200b", accessibility_needs="\u202ewheelchair")

    assert form.is_valid(), form.errors
    cleaned = form.cleaned_data
    assert [cleaned[name] for name in ("affiliation", "lab", "country", "homepage", "dietary_needs",
                                       "accessibility_needs")] == [
        "Admingnp.exe", "Vision Lab", "Korea", "https://minjun.example.org/", "vegan 🌱", "wheelchair"]


@pytest.mark.parametrize("typed", ["minjun@kaist\u200b.ac.kr", "minjun@ka\u202eist.ac.kr", "\ufeffminjun@kaist.ac.kr"])
def test_registration_form_removes_invisible_characters_from_the_email(event, typed):
    form = registration_form(event, email=typed)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["email"] == "minjun@kaist.ac.kr"


@pytest.mark.parametrize("blank", BLANK)
@pytest.mark.parametrize("field", ["first_name", "native_name", "affiliation", "lab"])
def test_registering_with_a_field_of_only_invisible_characters_is_refused(client, event, field, blank):
    response = client.post(register_url(event), form_data(event, **{field: blank}))

    assert response.status_code == 200
    assert response.context["form"].errors == {field: [INVISIBLE]}
    assert f'id="error_1_id_{field}"' in response.content.decode()
    assert (Researcher.objects.count(), Registration.objects.count()) == (0, 0)


@pytest.mark.parametrize("address", ADDRESSES)
@pytest.mark.parametrize("field", ["first_name", "last_name", "native_name"])
def test_registering_with_a_web_or_email_address_in_a_name_is_refused(client, event, field, address):
    response = client.post(register_url(event), form_data(event, **{field: address}))

    assert response.status_code == 200
    assert response.context["form"].errors == {field: [ADDRESS]}
    assert escape(ADDRESS) in response.content.decode()
    assert (Researcher.objects.count(), Registration.objects.count()) == (0, 0)


@pytest.mark.parametrize("name", ["Jean-Luc", "J. R. R.", "O'Brien", "Dr. Kim", "Nguyễn Văn An", "김 민준"])
def test_ordinary_names_pass(event, name):
    assert registration_form(event, first_name=name).is_valid()


def test_an_address_in_the_affiliation_is_allowed(event):
    form = registration_form(event, affiliation="KAIST (ai.kaist.ac.kr)")

    assert form.is_valid(), form.errors


# The personal page's details form

@pytest.fixture
def registration(event):
    return RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED,
                               researcher=ResearcherFactory(first_name="Seoyeon", last_name="Park"))


def page_url(registration):
    return reverse("portal:personal", kwargs={"signed": links.personal_page_token(registration)})


def test_personal_page_stores_a_spoofed_name_cleaned(client, registration):
    response = client.post(page_url(registration), details(
        registration.event, first_name="Park\u202enimdA", affiliation="Admin\u202egnp.exe",
        native_name=unicodedata.normalize("NFD", "박서연"), dietary_needs="\u200bhalal"))

    assert response.status_code == 302
    registration.refresh_from_db()
    researcher = registration.researcher
    assert (researcher.first_name, researcher.affiliation, researcher.native_name, registration.dietary_needs) == (
        "ParknimdA", "Admingnp.exe", "박서연", "halal")


@pytest.mark.parametrize(("overrides", "message"), [
    ({"first_name": "\u200b\u200b"}, INVISIBLE),
    ({"last_name": "Visit http://evil.example now"}, ADDRESS),
])
def test_personal_page_refuses_a_blank_or_address_name_and_saves_nothing(client, registration, overrides, message):
    response = client.post(page_url(registration), details(registration.event, affiliation="Changed", **overrides))

    assert response.status_code == 200
    assert response.context["form"].errors == {next(iter(overrides)): [message]}
    registration.researcher.refresh_from_db()
    assert (registration.researcher.first_name, registration.researcher.affiliation) == ("Seoyeon", "KAIST")


# The invitation import and the admin's researcher form

def test_invitation_import_cleans_names_and_refuses_addresses(admin_client, event):
    rows = [
        ("seoyeon@snu.example", "Seo\u202eyeon", unicodedata.normalize("NFD", "박"), "SNU\u200b"),  # row 2
        ("minjun@kaist.example", "http://evil.example", "Kim", "KAIST"),                             # row 3
        ("jiwoo@postech.example", "\u200b", "Choi", "POSTECH"),                                       # row 4
    ]
    upload = SimpleUploadedFile("invitees.csv", tablib.Dataset(*rows, headers=[
        "email", "first_name", "last_name", "affiliation"]).export("csv").encode(), content_type="text/csv")

    shown = admin_client.post(reverse("admin:attendees_invitation_import"), {
        "resource": "0", "format": "0", "import_file": upload, "event": event.pk})

    invalid = {row.number: row.error_dict for row in shown.context["result"].invalid_rows}
    assert invalid == {3: {"first_name": [ADDRESS]}, 4: {"first_name": [INVISIBLE]}}
    assert Invitation.objects.count() == 0


def test_invitation_import_stores_the_cleaned_names(admin_client, event):
    from attendees.imports import InvitationResource

    dataset = tablib.Dataset(("seoyeon@snu.example", "Seo\u202eyeon", unicodedata.normalize("NFD", "박"), "SNU\u200b"),
                             headers=["email", "first_name", "last_name", "affiliation"])

    InvitationResource(event=event).import_data(dataset, dry_run=False)

    assert list(Invitation.objects.values_list("first_name", "last_name", "affiliation")) == [("Seoyeon", "박", "SNU")]


def admin_researcher_form(researcher, **changes):
    request = RequestFactory().get("/")
    request.user = type("Superuser", (), {"is_superuser": True, "is_active": True, "is_staff": True,
                                          "has_perm": lambda *a: True})()
    form_class = admin.site._registry[Researcher].get_form(request, researcher)
    data = {"first_name": researcher.first_name, "last_name": researcher.last_name, "email": researcher.email,
            "affiliation": researcher.affiliation, "position": researcher.position, **changes}
    return form_class(data=data, instance=researcher)


def test_admin_researcher_form_cleans_and_refuses_like_the_public_form(registration):
    researcher = registration.researcher

    spoofed = admin_researcher_form(researcher, first_name="Park\u202enimdA", lab="\u200bVision")
    linked = admin_researcher_form(researcher, last_name="evil.example/login")

    assert spoofed.is_valid(), spoofed.errors
    assert (spoofed.cleaned_data["first_name"], spoofed.cleaned_data["lab"]) == ("ParknimdA", "Vision")
    assert linked.errors == {"last_name": [ADDRESS]}


def test_the_refusal_is_in_korean_for_a_korean_browser(client, event):
    response = client.post(register_url(event), form_data(event, first_name="\u200b", last_name="www.evil.example"),
                           HTTP_ACCEPT_LANGUAGE="ko")

    assert response.context["form"].errors == {
        "first_name": ["보이지 않는 문자만 입력되었습니다. 보이는 글자로 입력해 주세요."],
        "last_name": ["이름에는 웹 주소, 이메일 주소, 꺾쇠괄호(< >)를 넣을 수 없습니다."],
    }
