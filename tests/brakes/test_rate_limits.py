"""Rate limits on the public registration form and the door search, tried as a flood would try them.

Each test starts with an empty local-memory cache (tests/conftest.py), so counts never leak between tests.
"""
import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.urls import reverse

from attendees.enums import PLACE_HOLDING_STATUSES
from attendees.models import OutboundEmail, Registration, RegistrationRequest
from tests.accounts import staff_account
from tests.attendees.test_registration import confirm_path, form_data, register_url, sent_text
from tests.factories import EventFactory, RegistrationFactory, ResearcherFactory

pytestmark = pytest.mark.django_db

BOT = "203.0.113.7"


def random_email():
    return f"bot-{uuid.uuid4().hex[:12]}@mailinator.example"


def flood(client, event, count, *, address=BOT):
    """`count` valid registrations with random emails from one client address, as fast as the test client goes."""
    return [client.post(register_url(event), form_data(event, email=random_email()), REMOTE_ADDR=address).status_code
            for _ in range(count)]


def until_refused(send, at_most):
    """Responses of send(n) for n = 0, 1, ... up to the first 429 (included), at most `at_most` of them.

    The limits count in fixed windows: a run that crosses a window's end starts counting afresh, so a test
    that must see a refusal sends up to twice the limit plus one.
    """
    responses = []
    for n in range(at_most):
        responses.append(send(n))
        if responses[-1].status_code == 429:
            break
    return responses


def test_thirty_registrations_from_one_address_in_seconds_leave_at_most_five_holding_a_place(client):
    event = EventFactory(offerings=True, researcher_capacity=50)

    started = time.monotonic()
    statuses = flood(client, event, 30)
    elapsed = time.monotonic() - started

    accepted = statuses.count(302)
    holding_before_links = Registration.objects.filter(event=event).count()
    # Even a bot that owns every mailbox it typed (a catch-all domain) and follows every emailed link:
    for email in OutboundEmail.objects.filter(event=event):
        client.post(confirm_path(sent_text(email)), REMOTE_ADDR=BOT)
    holding = Registration.objects.filter(event=event, status__in=PLACE_HOLDING_STATUSES).count()
    assert set(statuses) == {302, 429}
    assert statuses[:2] == [302, 302]
    # "register" allows 2 per 5 s per client: a burst of a few seconds spans at most two windows, so 2 to 4
    # get through, and an accepted submission holds nothing until its emailed link is confirmed.
    assert elapsed < 5, "the burst took too long to be a burst"
    assert accepted <= 4
    assert holding_before_links == 0
    assert holding <= accepted


def same_address_from_new_clients(client, event, **headers):
    spellings = ["minjun@kaist.ac.kr", "Minjun@KAIST.ac.kr", " MINJUN@kaist.ac.kr ", "minjun@Kaist.AC.KR"]
    return lambda n: client.post(register_url(event), form_data(event, email=spellings[n % 4]),
                                 REMOTE_ADDR=f"198.51.100.{n + 1}", **headers)


def test_the_same_email_from_different_clients_is_stopped_by_the_address_limit(client, event):
    responses = until_refused(same_address_from_new_clients(client, event), 7)

    statuses = [response.status_code for response in responses]
    assert statuses[:3] == [302, 302, 302]  # "address": "3/h", however the address is spelled
    assert statuses[-1] == 429
    assert OutboundEmail.objects.filter(to__iexact="minjun@kaist.ac.kr").count() <= 3


def test_refusal_is_a_429_page_that_says_when_to_try_again_and_saves_nothing(client, event):
    emails = [random_email() for _ in range(5)]

    responses = until_refused(
        lambda n: client.post(register_url(event), form_data(event, email=emails[n]), REMOTE_ADDR=BOT), 5)

    refused = responses[-1]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 5
    assert "no-store" in refused["Cache-Control"]
    page = refused.content.decode()
    assert "Too many attempts" in page
    assert f"Please wait {refused['Retry-After']} second" in page
    assert "Back button" in page
    assert not RegistrationRequest.objects.filter(email=emails[len(responses) - 1]).exists()


def test_refusal_page_gives_the_wait_in_minutes_and_in_korean(client, event):
    responses = until_refused(same_address_from_new_clients(client, event, HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9"), 7)

    refused = responses[-1]
    assert refused.status_code == 429
    retry_after = int(refused["Retry-After"])
    page = refused.content.decode()
    assert "시도가 너무 많습니다" in page
    assert (f"약 {-(-retry_after // 60)}분" if retry_after < 3600 else "약 1시간") in page


def test_rate_limits_off_lets_all_thirty_through(client, settings):
    settings.RATE_LIMITS_ENABLED = False
    event = EventFactory(offerings=True, researcher_capacity=50)

    statuses = flood(client, event, 30)

    assert statuses == [302] * 30
    assert RegistrationRequest.objects.filter(event=event).count() == 30


def test_rate_limits_off_in_the_environment_turns_them_off():
    def rate_limit_settings(value):
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "RATE_LIMITS": value}
        code = ("import django; django.setup(); from django.conf import settings; "
                "print(settings.RATE_LIMITS_ENABLED, settings.RATE_LIMITS['register']['client'])")
        result = subprocess.run([sys.executable, "-c", code], env=environment, cwd=settings.BASE_DIR,
                                capture_output=True, text=True, timeout=60)
        return result.stdout.strip().splitlines()[-1] if result.returncode == 0 else result.stderr

    assert rate_limit_settings("off") == "False ['2/5s', '30/h']"
    assert rate_limit_settings("") == "True ['2/5s', '30/h']"
    assert rate_limit_settings("register.client=5/m+40/h") == "True ['5/m', '40/h']"
    assert "cannot read 'register.cleint=5/m'" in rate_limit_settings("register.cleint=5/m")


def test_a_form_with_mistakes_does_not_count(client, event):
    for _ in range(5):
        response = client.post(register_url(event), form_data(event, first_name=""), REMOTE_ADDR=BOT)
        assert response.status_code == 200

    response = client.post(register_url(event), form_data(event), REMOTE_ADDR=BOT)

    assert response.status_code == 302
    assert RegistrationRequest.objects.count() == 1


# The door search: limited per staff user (a stolen session cannot list the guests fast) and per client.

@pytest.fixture
def door_staff(django_user_model, event):
    def make(username):
        return staff_account(django_user_model, username, "Door staff", event)
    return make


def door_search(client, event, query, *, address):
    return client.get(reverse("checkin:event", kwargs={"slug": event.slug}), {"q": query}, REMOTE_ADDR=address)


def test_door_search_is_limited_per_staff_user_whatever_the_address(client, event, door_staff):
    RegistrationFactory(event=event, researcher=ResearcherFactory(last_name="Kim"))
    client.force_login(door_staff("door"))

    # Each search from another address: "user": "30/m" is what stops them.
    responses = until_refused(lambda n: door_search(client, event, "kim", address=f"192.0.2.{n % 250 + 1}"), 61)

    statuses = [response.status_code for response in responses]
    assert statuses[:30] == [200] * 30
    assert statuses[-1] == 429
    assert 1 <= int(responses[-1]["Retry-After"]) <= 60


def test_door_search_limit_of_one_staff_user_leaves_the_others_searching(client, event, door_staff):
    client.force_login(door_staff("door"))
    for n in range(31):
        door_search(client, event, "kim", address=f"192.0.2.{n + 1}")

    client.force_login(door_staff("door-2"))
    response = door_search(client, event, "kim", address="192.0.2.1")

    assert response.status_code == 200


def test_door_search_is_limited_per_client_address_across_staff_users(client, event, door_staff):
    def search_as_a_new_user(n):
        client.force_login(door_staff(f"door-{n}"))
        return door_search(client, event, "kim", address="192.0.2.77")

    responses = until_refused(search_as_a_new_user, 121)

    statuses = [response.status_code for response in responses]
    assert statuses[:60] == [200] * 60  # "client": "60/m": phones on one venue network share it
    assert statuses[-1] == 429


def test_opening_the_door_page_without_a_query_is_not_counted(client, event, door_staff):
    client.force_login(door_staff("door"))
    for _ in range(35):
        assert client.get(reverse("checkin:event", kwargs={"slug": event.slug})).status_code == 200

    assert door_search(client, event, "kim", address="127.0.0.1").status_code == 200


def test_lost_link_requests_for_one_address_are_stopped_by_the_address_limit(client, event):
    url = reverse("attendees:lost_link", kwargs={"slug": event.slug})

    responses = until_refused(
        lambda n: client.post(url, {"email": "Minjun@KAIST.ac.kr"}, REMOTE_ADDR=f"198.51.100.{n + 1}"), 7)

    statuses = [response.status_code for response in responses]
    assert statuses[:3] == [302, 302, 302]  # "link": "address": "3/h"
    assert statuses[-1] == 429


def test_a_bot_filling_the_lost_link_honeypot_gets_the_same_answer_and_no_email(client, event):
    RegistrationFactory(event=event, researcher=ResearcherFactory(email="minjun@kaist.ac.kr"))
    url = reverse("attendees:lost_link", kwargs={"slug": event.slug})

    response = client.post(url, {"email": "minjun@kaist.ac.kr", "website": "http://spam.example"})

    assert response.status_code == 302
    assert response.url == reverse("attendees:lost_link_sent", kwargs={"slug": event.slug})
    assert OutboundEmail.objects.count() == 0
