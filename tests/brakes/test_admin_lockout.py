"""Admin login lockout (django-axes), tried through the real admin login form."""
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.urls import reverse

from tests.accounts import staff_account

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
ATTACKER, ORGANIZER_OFFICE = "198.51.100.66", "192.0.2.44"


@pytest.fixture
def organizer(django_user_model):
    return django_user_model.objects.create_superuser("organizer", "organizer@example.org", PASSWORD)


@pytest.fixture
def lockout_alone(settings):
    """The per-client login rate limit would refuse a long run of attempts too; off, the lockout is proven alone."""
    settings.RATE_LIMITS_ENABLED = False


def log_in(client, password, *, address, username="organizer"):
    return client.post(reverse("admin:login"), {"username": username, "password": password,
                                                "next": reverse("admin:index")}, REMOTE_ADDR=address)


def logged_in(response):
    return response.status_code == 302 and response.url == reverse("admin:index")


def test_the_right_password_after_twenty_wrong_ones_is_refused(client, organizer):
    for n in range(20):
        log_in(client, f"guess-{n}", address=ATTACKER)

    response = log_in(client, PASSWORD, address=ATTACKER)

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session


def test_the_lockout_starts_at_the_failure_limit_and_says_when_to_try_again(client, organizer, lockout_alone):
    statuses = [log_in(client, f"guess-{n}", address=ATTACKER).status_code for n in range(10)]

    refused = log_in(client, PASSWORD, address=ATTACKER)

    assert statuses == [200] * 9 + [429]  # AXES_FAILURE_LIMIT = 10
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(15 * 60)  # AXES_COOLOFF_TIME, counted from this last attempt
    page = refused.content.decode()
    assert 'data-reason="login"' in page
    assert "Please try again in about 15 minutes." in page


def test_a_locked_out_pair_does_not_lock_the_organizer_out_from_elsewhere(client, organizer, lockout_alone):
    for n in range(20):
        log_in(client, f"guess-{n}", address=ATTACKER)

    response = log_in(client, PASSWORD, address=ORGANIZER_OFFICE)

    assert logged_in(response)
    assert client.session["_auth_user_id"] == str(organizer.pk)


def test_other_usernames_from_the_same_address_still_log_in(client, organizer, django_user_model, lockout_alone):
    django_user_model.objects.create_superuser("colleague", "colleague@example.org", PASSWORD)
    for n in range(10):
        log_in(client, f"guess-{n}", address=ATTACKER)

    assert logged_in(log_in(client, PASSWORD, address=ATTACKER, username="colleague"))


def test_after_the_cool_off_the_right_password_works(client, organizer, lockout_alone):
    for n in range(20):
        log_in(client, f"guess-{n}", address=ATTACKER)

    # Time travel: the failures happened 14, then 16 minutes ago.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=14))
    assert log_in(client, PASSWORD, address=ATTACKER).status_code == 429
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))
    response = log_in(client, PASSWORD, address=ATTACKER)

    assert logged_in(response)


def test_superusers_see_the_failed_attempts_in_the_admin(client, organizer, lockout_alone):
    for n in range(3):
        log_in(client, f"guess-{n}", address=ATTACKER)
    client.force_login(organizer)

    response = client.get(reverse("admin:axes_accessattempt_changelist"))

    assert response.status_code == 200
    assert ATTACKER in response.content.decode()
    assert AccessAttempt.objects.get().failures_since_start == 3


def test_the_login_rate_limit_refuses_a_flood_of_different_usernames(client, organizer):
    statuses = []
    for n in range(21):  # "login": {"client": "10/m"}; up to two windows' worth if a minute ends meanwhile
        statuses.append(log_in(client, "guess", address=ATTACKER, username=f"user-{n}").status_code)
        if statuses[-1] == 429:
            break

    assert statuses[:10] == [200] * 10  # no username is tried 10 times: axes alone would never stop this
    assert statuses[-1] == 429
    assert log_in(client, PASSWORD, address=ORGANIZER_OFFICE).status_code == 302


def test_the_stored_failed_attempt_carries_no_signed_link(client, organizer):
    next_url = "/staff/checkin/guest/c2VjcmV0LWd1ZXN0LXRva2Vu:c2lnbmF0dXJl/"

    client.post(f"{reverse('admin:login')}?next={next_url}", {"username": "organizer", "password": "guess",
                                                            "next": next_url}, REMOTE_ADDR=ATTACKER)

    attempt = AccessAttempt.objects.get()
    assert "c2VjcmV0LWd1ZXN0LXRva2Vu" not in attempt.get_data + attempt.post_data + attempt.path_info


def test_the_door_login_shares_the_lockout_and_the_login_limit(client, event):
    staff_account(None, "door", "Door staff", event)
    url = reverse("checkin:login")
    statuses = [client.post(url, {"username": "door", "password": f"wrong-{n}"}, REMOTE_ADDR="203.0.113.9").status_code
                for n in range(12)]
    right = client.post(url, {"username": "door", "password": "door-pw-for-tests"}, REMOTE_ADDR="203.0.113.9")

    assert statuses[0] == 200  # the form again, with its error
    assert 429 in statuses
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
