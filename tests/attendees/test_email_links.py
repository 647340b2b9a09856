"""Emails link only what Roundtable put in, never a researcher's text (a name typed as a phishing link).

The names here are stored directly (an older profile, an organizer's typing): the forms refuse
them now, and the emails must hold even so.
"""
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.utils.html import escape

from attendees import links, services
from attendees.enums import RegistrationStatus
from attendees.mail.enums import EmailKind
from attendees.mail.html import link_trusted
from tests.factories import EmailTemplateFactory, InvitationFactory, RegistrationFactory, ResearcherFactory

pytestmark = pytest.mark.django_db

CONTACT = "dinner@lg.example"
PHISHING_NAMES = [
    "Visit http://evil.example now",
    "evil-example.com/login",  # no scheme: urlize linked it for its .com
    '<a href="http://evil.example/">Claim your seat</a>',
    "www.evil.example",
    "pay@evil.example",
]


class Anchors(HTMLParser):
    """Every <a> of a document as (href, text)."""

    def __init__(self, html):
        super().__init__()
        self.found, self._open = [], None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open = [dict(attrs).get("href"), ""]

    def handle_data(self, data):
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open is not None:
            self.found.append(tuple(self._open))
            self._open = None


@pytest.fixture
def send_after_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def confirm(registration, send_after_commit):
    with send_after_commit():
        services.change_status(registration_ids=[registration.pk], status=RegistrationStatus.CONFIRMED)
    return mail.outbox[-1]


@pytest.mark.parametrize("name", PHISHING_NAMES)
def test_registration_email_links_only_the_personal_page_and_the_contact_address(event, send_after_commit, name):
    event.contact_email = CONTACT
    event.save()
    registration = RegistrationFactory(event=event, status=RegistrationStatus.APPLIED,
                                       researcher=ResearcherFactory(first_name=name, native_name=name))

    message = confirm(registration, send_after_commit)

    html = message.alternatives[0].content
    personal = links.personal_page_url(registration)
    assert sorted(Anchors(html).found) == sorted([(personal, personal), (f"mailto:{CONTACT}", CONTACT)])
    assert f"Dear {escape(name)}," in html
    assert "evil" not in "".join(href for href, _ in Anchors(html).found)


def test_organizer_template_links_its_own_addresses_but_not_the_name(event, send_after_commit):
    EmailTemplateFactory(event=event, kind=EmailKind.CONFIRMED, subject="See you",
                         body="Hi {{ first_name }}, the map: https://maps.example/venue. Page: {{ personal_page_url }}")
    registration = RegistrationFactory(event=event, status=RegistrationStatus.APPLIED,
                                       researcher=ResearcherFactory(first_name="https://maps.example/venue/evil"))

    message = confirm(registration, send_after_commit)

    personal = links.personal_page_url(registration)
    assert Anchors(message.alternatives[0].content).found == [
        ("https://maps.example/venue", "https://maps.example/venue"), (personal, personal)]


def test_invitation_email_links_the_registration_form_not_the_invitees_name(event, send_after_commit):
    invitation = InvitationFactory(event=event, first_name="Visit http://evil.example now")

    with send_after_commit():
        services.send_invitations(invitation_ids=[invitation.pk])

    html = mail.outbox[-1].alternatives[0].content
    [(href, text)] = Anchors(html).found
    assert href == text
    assert href.endswith(f"?code={invitation.code}")
    assert "Dear Visit http://evil.example now," in html


def test_a_trusted_address_is_linked_only_where_it_stands_whole():
    page = "https://dinner.example/p/abc"
    text = f"Yours: {page}. Not: {page}def, evil.example/{page} or ({page}) <{page}>"

    html = link_trusted(text, urls={page})

    assert Anchors(html).found == [(page, page), (page, page), (page, page)]
    assert html.startswith(f'Yours: <a href="{page}">{page}</a>. Not: {page}def, evil.example/{page} or (<a ')
