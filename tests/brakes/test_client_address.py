"""Which client a request is counted as: REMOTE_ADDR, X-Forwarded-For behind trusted proxies, IPv6 by /64."""
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import RequestFactory

import brakes
from brakes.checks import proxy_is_counted
from brakes.client import client_address

requests = RequestFactory()


def request_from(remote_addr, forwarded_for=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    return requests.post("/", REMOTE_ADDR=remote_addr, **headers)


def test_without_trusted_proxies_a_forwarded_for_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = 0

    assert client_address(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


@pytest.mark.parametrize(("proxies", "forwarded_for", "expected"), [
    (1, "198.51.100.1", "198.51.100.1"),
    # A client that writes its own header only adds addresses to the left of the one the proxy appended.
    (1, "10.9.9.9, 198.51.100.1", "198.51.100.1"),
    (2, "10.9.9.9, 198.51.100.1, 192.0.2.10", "198.51.100.1"),
    (1, "", "127.0.0.1"),
    (1, "not-an-address", ""),
])
def test_behind_trusted_proxies_the_client_is_counted_from_the_right(settings, proxies, forwarded_for, expected):
    settings.TRUSTED_PROXIES = proxies

    assert client_address(request_from("127.0.0.1", forwarded_for)) == expected


def test_ipv6_addresses_of_one_64_network_are_one_client():
    assert client_address(request_from("2001:db8:1:2:aaaa::1")) == "2001:db8:1:2::"
    assert client_address(request_from("2001:db8:1:2:ffff:1:2:3")) == "2001:db8:1:2::"
    assert client_address(request_from("2001:db8:1:3::1")) == "2001:db8:1:3::"
    assert client_address(request_from("::ffff:203.0.113.7")) == "203.0.113.7"


def test_one_64_network_shares_one_count(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "link": {"client": "1/d"}}
    brakes.enforce(request_from("2001:db8:1:2::1"), "link")

    with pytest.raises(brakes.RateLimited):
        brakes.enforce(request_from("2001:db8:1:2:9:9:9:9"), "link")
    brakes.enforce(request_from("2001:db8:1:3::1"), "link")


def test_every_rate_of_a_key_applies(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "link": {"client": ["5/d", "2/d"]}}
    for _ in range(2):
        brakes.enforce(request_from("203.0.113.7"), "link")

    with pytest.raises(brakes.RateLimited) as refused:
        brakes.enforce(request_from("203.0.113.7"), "link")
    assert 1 <= refused.value.retry_after <= 24 * 3600


def test_an_unknown_scope_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        brakes.enforce(request_from("203.0.113.7"), "regster")


def test_a_rate_that_cannot_be_read_fails_the_system_check(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "register": {"client": "ten a minute"}}

    with pytest.raises(SystemCheckError, match="brakes.E001"):
        call_command("check")


def test_behind_a_tls_proxy_the_deploy_check_asks_for_trusted_proxies(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    settings.TRUSTED_PROXIES = 0
    assert [warning.id for warning in proxy_is_counted(None)] == ["brakes.W002"]
    settings.TRUSTED_PROXIES = 1
    assert proxy_is_counted(None) == []
