"""Who may print: the event's own organizers (and superusers); nobody else sees the page or a PDF.
Bad options in the address come back as a message on the printables page, never a 500."""
import sys

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from printing import documents
from tests.accounts import staff_account
from tests.factories import EventFactory

from .conftest import url

pytestmark = pytest.mark.django_db
PAGES = ["event", "badges", "table_cards", "place_cards"]


@pytest.mark.parametrize("name", PAGES)
def test_the_events_organizer_gets_the_page_and_each_pdf(organizer, dinner, name, monkeypatch):
    # The PDFs themselves are checked in test_pdfs; here an empty one is made quickly.
    monkeypatch.setattr("printing.views.render_pdf", lambda *args, **kwargs: b"%PDF-1.7 stub")

    response = organizer.get(url(name, dinner))

    assert response.status_code == 200


@pytest.mark.parametrize("role, is_staff, expected", [
    ("Recruiter", True, 403),       # reads registrations, but not the seating
    ("Door staff", False, 302),     # no admin account: sent to the login
])
@pytest.mark.parametrize("name", PAGES)
def test_other_roles_of_the_same_event_may_not_print(client, dinner, django_user_model, role, is_staff, expected,
                                                     name):
    client.force_login(staff_account(django_user_model, "someone", role, dinner, is_staff=is_staff))

    response = client.get(url(name, dinner))

    assert response.status_code == expected
    if expected == 302:
        assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("name", PAGES)
def test_an_organizer_of_another_event_may_not_print_this_one(client, dinner, django_user_model, name):
    client.force_login(staff_account(django_user_model, "elsewhere", "Organizer", EventFactory(), is_staff=True))

    assert client.get(url(name, dinner)).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_nobody_logged_in_is_sent_to_the_login(client, dinner, name):
    response = client.get(url(name, dinner))

    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))


def test_the_page_offers_every_document_per_round_with_paper_and_language(organizer, dinner):
    page = organizer.get(url("event", dinner)).content.decode()

    assert page.count("<form method=\"get\"") == 1 + 2 * dinner.rounds.count()
    assert '<option value="letter">Letter</option>' in page and '<option value="ko">한국어</option>' in page
    assert 'name="part"' not in page  # a small event prints in one part


def test_a_big_event_offers_its_parts(organizer, dinner, monkeypatch):
    monkeypatch.setitem(documents.PER_PART, documents.BADGES, 10)

    page = organizer.get(url("event", dinner)).content.decode()

    assert "badges 1–10" in page and "badges 11–20" in page


@pytest.mark.parametrize("query, message", [
    ({"paper": "a3"}, "Choose A4 or Letter paper."),
    ({"lang": "fr"}, "Choose English or Korean."),
    ({"part": "x"}, "The part is a number: 1, 2, 3…"),
    ({"part": "9"}, "This document has 1 part; there is no part 9."),
])
def test_bad_options_come_back_as_a_message_on_the_page(organizer, dinner, query, message):
    response = organizer.get(url("badges", dinner, **query))

    assert response.status_code == 302 and response.url == reverse("printing:event", args=[dinner.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [message]


def test_links_lead_to_the_printables(organizer, dinner, django_user_model):
    round_1 = dinner.rounds.get(number=1)
    printables = reverse("printing:event", args=[dinner.pk])

    print_view = organizer.get(reverse("admin:tables_round_print", args=[round_1.pk])).content.decode()
    round_page = organizer.get(reverse("admin:tables_round_change", args=[round_1.pk])).content.decode()
    event_list = organizer.get(reverse("admin:events_event_changelist")).content.decode()

    home = organizer.get(reverse("admin:events_event_home", args=[dinner.pk])).content.decode()

    assert printables in print_view and reverse("printing:table_cards", args=[round_1.pk]) in print_view
    assert printables in round_page
    assert printables in event_list
    assert printables in home


def test_the_event_home_offers_the_printables_only_to_who_may_print(client, dinner, django_user_model):
    client.force_login(staff_account(django_user_model, "recruiter", "Recruiter", dinner, is_staff=True))

    home = client.get(reverse("admin:events_event_home", args=[dinner.pk]))

    assert home.status_code == 200
    assert reverse("printing:event", args=[dinner.pk]) not in home.content.decode()


def test_a_server_without_weasyprints_libraries_says_so_on_the_page(organizer, dinner, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # what importing it without pango amounts to

    response = organizer.get(url("badges", dinner), follow=True)

    assert response.status_code == 200
    assert "system libraries (pango) are missing" in response.content.decode()
