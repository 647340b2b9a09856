"""The event list and event pages come whole from the cache for anonymous visitors (events/whole_pages.py),
and nothing personal is ever kept or served from it.

A response that came from the cache rendered no template: the test client records none.
"""
import pytest
from django.conf import settings
from django.http import HttpResponse
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client, RequestFactory
from django.urls import reverse

from events import whole_pages
from tests.attendees.test_registration import register_url

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


def test_the_registration_form_is_never_kept_whole(event):
    first, second = visit(Client(), register_url(event)), visit(Client(), register_url(event))

    assert not from_cache(second)
    token = 'name="csrfmiddlewaretoken" value="'
    assert first.content.decode().split(token)[1][:20] != second.content.decode().split(token)[1][:20]


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
    # A personal link, the form or the admin login: never a key of the whole-page cache.
    for path in (register_url(event), reverse("admin:login"), "/my/not-a-real-token/"):
        assert whole_pages._key(RequestFactory().get(path)) is None
    assert whole_pages._key(RequestFactory().get(event.get_absolute_url())) is not None
