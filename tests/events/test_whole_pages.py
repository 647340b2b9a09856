"""The event list and event pages come whole from the cache for anonymous visitors (events/whole_pages.py),
and nothing personal is ever kept or served from it.

A response that came from the cache rendered no template: the test client records none.
"""
from datetime import timedelta

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from events import whole_pages
from attendees.enums import RegistrationStatus
from tests.attendees.test_registration import form_data, register_url
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def visit(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response


def from_cache(response):
    return not response.templates


@pytest.mark.parametrize("url", ["/events/", "event_page"])
def test_the_second_anonymous_visitor_gets_the_page_whole_with_its_headers(event, url, django_assert_num_queries):
    url = event.get_absolute_url() if url == "event_page" else url
    first = visit(Client(), url)

    with django_assert_num_queries(0):
        second = visit(Client(), url)

    assert not from_cache(first) and from_cache(second)
    assert second.content == first.content
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Content-Language",
                   "Permissions-Policy"):
        assert second.headers[header] == first.headers[header]
    assert "csrfmiddlewaretoken" not in second.content.decode() and not second.cookies


def test_a_saved_change_shows_to_the_next_visitor(event):
    visit(Client(), event.get_absolute_url())

    event.name = "Renamed Dinner"
    event.save()

    assert "Renamed Dinner" in visit(Client(), event.get_absolute_url()).content.decode()


def test_each_language_has_its_own_whole_page(event):
    visit(Client(), event.get_absolute_url())
    visit(Client(HTTP_ACCEPT_LANGUAGE="ko"), event.get_absolute_url())

    english = visit(Client(), event.get_absolute_url())
    korean = visit(Client(HTTP_ACCEPT_LANGUAGE="ko"), event.get_absolute_url())
    chosen = Client()
    chosen.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    by_cookie = visit(chosen, event.get_absolute_url())

    assert from_cache(english) and from_cache(korean) and from_cache(by_cookie)
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="ko">' in korean.content.decode() and by_cookie.content == korean.content


def test_a_signed_in_visitor_or_a_query_string_gets_a_fresh_page(event, admin_client):
    visit(Client(), event.get_absolute_url())

    assert not from_cache(visit(admin_client, event.get_absolute_url()))
    assert not from_cache(visit(Client(), event.get_absolute_url() + "?utm_source=mail"))
    assert not from_cache(visit(Client(), event.get_absolute_url() + "?utm_source=mail"))


def test_a_pending_message_is_shown_and_never_kept_for_others(event):
    visit(Client(), event.get_absolute_url())
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(constants.SUCCESS, "Only for this visitor")
    carrier = HttpResponse()
    storage.update(carrier)  # the message as the messages framework's cookie carries it
    visitor = Client()
    visitor.cookies[storage.cookie_name] = carrier.cookies[storage.cookie_name].value

    shown = visit(visitor, event.get_absolute_url())

    assert not from_cache(shown) and "Only for this visitor" in shown.content.decode()
    assert "Only for this visitor" not in visit(Client(), event.get_absolute_url()).content.decode()


TOKEN = 'name="csrfmiddlewaretoken" value="'


def token_of(response):
    return response.content.decode().split(TOKEN)[1].split('"')[0]


def test_the_registration_form_is_kept_whole_with_each_visitors_own_working_token(event, django_assert_num_queries):
    visit(Client(enforce_csrf_checks=True), register_url(event))
    newcomer, returning = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    returning.get(event.get_absolute_url())
    visit(returning, register_url(event))  # their CSRF cookie, set on an earlier visit

    with django_assert_num_queries(1):  # the places taken, counted for every visitor
        first = visit(newcomer, register_url(event))
    second = visit(returning, register_url(event))

    assert from_cache(first) and from_cache(second)
    assert token_of(first) != token_of(second) and whole_pages.TOKEN_PLACEHOLDER not in first.content.decode()
    assert settings.CSRF_COOKIE_NAME in first.cookies  # a new visitor's cookie, as a rendered page sets it
    for browser, page in ((newcomer, first), (returning, second)):
        sent = browser.post(register_url(event), {**form_data(event), "csrfmiddlewaretoken": token_of(page)})
        assert sent.status_code == 302, sent.status_code  # the token works: the form was accepted


def test_the_waitlist_warning_follows_the_places_at_once(event):
    event.researcher_capacity = 1
    event.save()
    visit(Client(), register_url(event))
    assert "waitlist-warning" not in visit(Client(), register_url(event)).content.decode()

    RegistrationFactory(event=event, status=RegistrationStatus.APPLIED)  # the last place, nothing saved on the event

    page = visit(Client(), register_url(event))
    assert "waitlist-warning" in page.content.decode()
    assert from_cache(visit(Client(), register_url(event)))


def test_a_form_with_an_invitation_code_or_a_closed_registration_is_rendered(event):
    visit(Client(), register_url(event))

    assert not from_cache(visit(Client(), register_url(event) + "?code=ABCD"))
    event.registration_closes_at = timezone.now() - timedelta(minutes=1)
    event.save()
    closed = visit(Client(), register_url(event))
    assert not from_cache(closed) and "registration-form" not in closed.content.decode()


def test_the_language_switcher_is_a_get_that_sets_the_cookie_and_goes_back(client, event):
    page = visit(client, event.get_absolute_url()).content.decode()
    assert f'action="{reverse("switch_language")}" method="get"' in page

    response = client.get(reverse("switch_language"), {"language": "ko", "next": event.get_absolute_url()})

    assert response.status_code == 302 and response.url == event.get_absolute_url()
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ko"
    assert '<html lang="ko">' in visit(client, event.get_absolute_url()).content.decode()


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", ""])
def test_the_language_switcher_never_leaves_the_site(client, next_url):
    response = client.get(reverse("switch_language"), {"language": "ko", "next": next_url})

    assert response.status_code == 302 and response.url == reverse("events:list")


def test_the_language_switcher_ignores_a_language_it_does_not_offer(client):
    response = client.get(reverse("switch_language"), {"language": "xx", "next": "/events/"})

    assert response.status_code == 302 and settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_no_other_page_is_looked_up_or_kept(event):
    # A personal link, the lost-link form or the admin login: never a key of the whole-page cache.
    for path in (reverse("attendees:lost_link", args=[event.slug]), reverse("admin:login"), "/my/not-a-real-token/"):
        assert whole_pages._key(RequestFactory().get(path)) is None
    assert whole_pages._key(RequestFactory().get(event.get_absolute_url())) is not None
