"""The door's scanner: what the text of a scanned QR code opens, and the page's lookup that answers the phone."""
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from attendees import links
from attendees.enums import RegistrationStatus
from door.scanning import ScanProblem, read_scanned_code
from tests.accounts import staff_account
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

KOREAN = {"HTTP_ACCEPT_LANGUAGE": "ko-KR,ko;q=0.9"}


def scan_url(event):
    return reverse("checkin:scan", kwargs={"slug": event.slug})


def guest_path(registration):
    return reverse("checkin:guest", kwargs={"signed": links.checkin_token(registration)})


@pytest.fixture
def guest(event):
    return RegistrationFactory(event=event, researcher__first_name="Seoyeon", researcher__last_name="Park",
                               researcher__native_name="박서연")


# What a code opens

def test_the_emailed_qr_content_opens_its_guest(event, guest):
    scan = read_scanned_code(event=event, code=links.checkin_url(guest), now=timezone.now())

    assert scan.problem is None
    assert scan.registration == guest
    assert scan.guest_url == guest_path(guest)


def test_a_code_opens_the_card_on_whatever_address_the_door_uses(event, guest):
    code = "http://192.168.1.20:8001" + guest_path(guest) + "\n"

    scan = read_scanned_code(event=event, code=code, now=timezone.now())

    assert scan.registration == guest
    assert urlsplit(scan.guest_url).netloc == ""  # a path: the phone stays on the server it is using


@pytest.mark.parametrize("status", [RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED])
def test_a_guest_without_a_place_still_opens_the_card_that_says_so(event, status):
    registration = RegistrationFactory(event=event, status=status)

    scan = read_scanned_code(event=event, code=links.checkin_url(registration), now=timezone.now())

    assert scan.registration == registration


@pytest.mark.parametrize("code", [
    "", "hello", "WIFI:S:Venue;T:WPA;P:secret;;", "https://example.com/", "http://[::1", "/staff/checkin/",
    "https://roundtable.example/staff/checkin/guest/",
])
def test_other_codes_are_not_check_in_codes(event, code):
    scan = read_scanned_code(event=event, code=code, now=timezone.now())

    assert (scan.registration, scan.problem) == (None, ScanProblem.NOT_A_CHECKIN_CODE)


def test_the_personal_page_link_is_not_a_check_in_code(event, guest):
    scan = read_scanned_code(event=event, code=links.personal_page_url(guest), now=timezone.now())

    assert scan.problem is ScanProblem.NOT_A_CHECKIN_CODE


def test_an_altered_code_matches_no_guest(event, guest):
    code = links.checkin_url(guest).replace(guest.token[:4], "abcd" if guest.token[:4] != "abcd" else "efgh", 1)

    scan = read_scanned_code(event=event, code=code, now=timezone.now())

    assert (scan.registration, scan.problem) == (None, ScanProblem.UNKNOWN_GUEST)


def test_a_code_replaced_by_a_new_personal_link_matches_no_guest(event, guest):
    old_code = links.checkin_url(guest)
    guest.token = "a-new-token-from-send-a-new-link"
    guest.save(update_fields=["token"])

    scan = read_scanned_code(event=event, code=old_code, now=timezone.now())

    assert scan.problem is ScanProblem.UNKNOWN_GUEST


def test_another_events_code_opens_nothing_here(event):
    elsewhere = RegistrationFactory(event=EventFactory())

    scan = read_scanned_code(event=event, code=links.checkin_url(elsewhere), now=timezone.now())

    assert (scan.registration, scan.problem) == (None, ScanProblem.OTHER_EVENT)


def test_a_code_expires_with_its_event(event, guest):
    code = links.checkin_url(guest)

    before = read_scanned_code(event=event, code=code, now=event.ends_at - timedelta(minutes=1))
    after = read_scanned_code(event=event, code=code, now=event.ends_at)

    assert (before.registration, after.problem) == (guest, ScanProblem.EXPIRED)


# The lookup the scanner calls

def test_lookup_answers_with_the_guest_card_which_opens(staff_client, event, guest):
    answer = staff_client.post(scan_url(event), {"code": links.checkin_url(guest)}).json()
    card = staff_client.get(answer["url"])

    assert answer == {"url": guest_path(guest)}
    assert card.status_code == 200
    assert "Seoyeon Park (박서연)" in card.content.decode()


def test_lookup_of_an_unknown_code_says_what_to_do_in_korean(staff_client, event):
    response = staff_client.post(scan_url(event), {"code": "https://example.com/menu"}, **KOREAN)

    assert response.status_code == 200
    assert response.json()["problem"] == "not-a-checkin-code"
    assert response.json()["message"] == (
        "체크인 코드가 아닌 QR 코드입니다. 참석자의 확인 이메일에 있는 코드를 보여 달라고 하거나 이름으로 검색하세요.")


def test_lookup_without_a_code_is_an_unknown_code(staff_client, event):
    assert staff_client.post(scan_url(event)).json()["problem"] == "not-a-checkin-code"


def test_lookup_takes_the_code_by_post_only(staff_client, event, guest):
    assert staff_client.get(scan_url(event), {"code": links.checkin_url(guest)}).status_code == 405


def test_lookup_is_for_door_staff_of_the_event(client, django_user_model, event, guest):
    code = {"code": links.checkin_url(guest)}
    anonymous = client.post(scan_url(event), code)
    client.force_login(staff_account(django_user_model, "elsewhere", "Door staff", EventFactory()))
    other_events_staff = client.post(scan_url(event), code)

    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("checkin:login"))
    assert other_events_staff.status_code == 403


def test_lookups_count_like_searches(staff_client, event, settings):
    settings.RATE_LIMITS_ENABLED = True
    # An hour's window: with "2/m" a minute could end between the lookups and let the third through.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "door_search": {"user": "2/h"}}

    statuses = [staff_client.post(scan_url(event), {"code": "hello"}).status_code for _ in range(3)]
    refused = staff_client.post(scan_url(event), {"code": "hello"})

    assert statuses == [200, 200, 429]
    assert refused.json()["message"].startswith("Too many codes at once: try again in")
