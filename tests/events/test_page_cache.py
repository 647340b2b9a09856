"""The public pages come from the page cache (events/page_cache.py): few queries, yet every change shows at once.

The cache is real (local memory here, cleared before each test by tests/conftest.py), and so is the clock.
"""
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from events import page_cache
from events.enums import EventStatus
from tests.attendees.test_registration import form_data, register_url
from tests.factories import CompanyFactory, EventFactory

pytestmark = pytest.mark.django_db

# Queries once the cache is warm: none for the list and an event page; the form reads the event and
# its places taken (they change with every registration).
LIST_QUERIES, EVENT_QUERIES, FORM_QUERIES = 0, 0, 1
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def page(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response.content.decode()


def form_part(html):
    return html[html.index('id="registration-form"'):]


@pytest.mark.parametrize("count", [1, 3])
def test_event_list_makes_no_query_once_cached_however_many_events(client, count, django_assert_num_queries):
    events = EventFactory.create_batch(count)
    page(client, reverse("events:list"))

    with django_assert_num_queries(LIST_QUERIES):
        html = page(client, reverse("events:list"))

    assert all(event.name in html for event in events)


def test_event_page_makes_no_query_and_the_form_one_once_cached(client, event, django_assert_num_queries):
    for url, queries in ((event.get_absolute_url(), EVENT_QUERIES), (register_url(event), FORM_QUERIES)):
        page(client, url)
        with django_assert_num_queries(queries):
            page(client, url)


def test_an_unknown_or_draft_event_page_is_not_found_and_not_cached(client, event):
    draft = EventFactory(status=EventStatus.DRAFT)

    for slug in ("no-such-dinner", draft.slug):
        assert client.get(reverse("events:detail", args=[slug])).status_code == 404
        assert page_cache.cache.get(f"pages:event:{slug}") is None
    draft.status = event.status
    draft.save()  # published: shows at once
    assert client.get(reverse("events:detail", args=[draft.slug])).status_code == 200


def event_admin_data(event, **changes):
    """The event's admin change form as the organizer sends it back, with `changes`."""
    data = {
        "name": event.name, "slug": event.slug, "status": event.status, "conference": event.conference,
        "city": event.city, "venue": event.venue, "time_zone": event.time_zone,
        "researcher_capacity": event.researcher_capacity, "max_company_choices": event.max_company_choices,
        "max_research_choices": event.max_research_choices, "description": event.description,
        "companies": [c.pk for c in event.companies.all()],
        "research_areas": [a.pk for a in event.research_areas.all()],
    }
    for field in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        local = getattr(event, field).astimezone(ZoneInfo(event.time_zone))
        data[f"{field}_0"], data[f"{field}_1"] = local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")
    for prefix in ("tables", "rounds", "event_hosts"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(changes)
    return data


def test_organizers_admin_change_shows_on_the_next_visit(client, admin_client, event):
    new_company = CompanyFactory(name="Upstage")
    for url in (reverse("events:list"), event.get_absolute_url(), register_url(event)):
        page(client, url)

    response = admin_client.post(reverse("admin:events_event_change", args=[event.pk]), event_admin_data(
        event, name="Seoul AI Night", description="Now with a rooftop.",
        companies=[*event.companies.values_list("pk", flat=True), new_company.pk]))

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert "Seoul AI Night" in page(client, reverse("events:list"))
    event_page = page(client, event.get_absolute_url())
    assert "Now with a rooftop." in event_page and "Upstage" in event_page
    assert "Upstage" in form_part(page(client, register_url(event)))


def test_a_renamed_company_shows_on_the_event_page_and_the_form(client, event):
    company = event.companies.first()
    page(client, event.get_absolute_url())
    page(client, register_url(event))

    company.name = "Renamed Labs"
    company.save()

    assert "Renamed Labs" in page(client, event.get_absolute_url())
    assert "Renamed Labs" in form_part(page(client, register_url(event)))


def test_registration_opening_and_closing_show_though_nothing_was_saved(client):
    now = timezone.now()
    event = EventFactory(registration_opens_at=now + timedelta(days=1),
                         registration_closes_at=now + timedelta(days=2), offerings=True)
    with freeze_time(now) as clock:
        assert "Registration is not open yet." in page(client, event.get_absolute_url())
        assert "registration-form" not in page(client, register_url(event))

        clock.move_to(event.registration_opens_at + timedelta(seconds=1))  # nothing saved: only the clock moved
        assert reverse("attendees:register", args=[event.slug]) in page(client, event.get_absolute_url())
        assert 'id="registration-form"' in page(client, register_url(event))

        clock.move_to(event.registration_closes_at + timedelta(seconds=1))
        assert "Registration for this event is closed." in page(client, event.get_absolute_url())
        assert "registration-form" not in page(client, register_url(event))


def test_an_entry_never_outlives_the_next_opening_or_closing(event):
    now = timezone.now()
    event.registration_opens_at = now + timedelta(seconds=90)
    assert page_cache.seconds_to_keep(event, now) == 90
    event.registration_opens_at, event.registration_closes_at = now - timedelta(days=1), now + timedelta(seconds=30)
    assert page_cache.seconds_to_keep(event, now) == 30
    event.registration_closes_at = now + timedelta(days=3)
    assert page_cache.seconds_to_keep(event, now) == page_cache.FRAGMENT_SECONDS


def test_status_change_to_draft_hides_the_event(client, event):
    page(client, reverse("events:list"))
    event.status = EventStatus.DRAFT
    event.save()
    assert event.name not in page(client, reverse("events:list"))
    assert client.get(event.get_absolute_url()).status_code == 404


def test_each_visitor_gets_an_own_token_that_works_with_the_cached_form(event):
    visitors = [Client(enforce_csrf_checks=True) for _ in range(2)]
    forms = [form_part(page(visitor, register_url(event))) for visitor in visitors]
    tokens = [TOKEN.search(form).group(1) for form in forms]

    assert tokens[0] != tokens[1]
    assert "placeholder-5d1c" not in forms[1]
    for number, (visitor, token) in enumerate(zip(visitors, tokens, strict=True)):
        response = visitor.post(register_url(event), {
            **form_data(event, email=f"visitor{number}@kaist.ac.kr"), "csrfmiddlewaretoken": token})
        assert response.status_code == 302


def test_cached_form_keeps_the_honeypot_off_screen(client, event):
    page(client, register_url(event))
    form = form_part(page(client, register_url(event)))
    honeypot = re.search(r'<div[^>]*class="rt-offscreen"[^>]*>.*?name="website"', form, re.S)
    assert honeypot and 'aria-hidden="true"' in honeypot.group(0)
    assert " style=" not in form


def test_an_invitation_code_or_errors_are_never_served_to_the_next_visitor(client, event):
    event.invite_only = True
    event.save()
    assert 'value="INVITE-1234"' in page(client, register_url(event) + "?code=INVITE-1234")
    response = client.post(register_url(event), form_data(event, first_name="", invitation_code="SECRET-99"))
    assert response.status_code == 200 and "is-invalid" in response.content.decode()

    blank = form_part(page(Client(), register_url(event)))
    assert "INVITE-1234" not in blank and "SECRET-99" not in blank and "is-invalid" not in blank


def test_each_language_has_its_own_cached_pages(client, event):
    english = page(client, register_url(event))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    korean = page(client, register_url(event))
    assert "First name" in english and "First name" not in form_part(korean)
    assert "Upcoming events" not in page(client, reverse("events:list"))


def test_a_cached_blank_form_is_not_built_again(client, event):
    client.cookies["analytics"] = "1"  # a cookie of its own: the page is rendered for it (not kept whole)
    client.get(register_url(event))  # builds and renders the form once, into the cache
    second = client.get(register_url(event))

    assert second.context["form"] is None  # the HTML came from the cache
    assert 'name="email"' in second.content.decode()
    assert client.get(register_url(event) + "?code=ABC").context["form"] is not None  # an invitation's own
