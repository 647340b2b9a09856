"""The rate limits as settings: their format, and overrides from the environment.

A scope (``register``, ``link``, ``door_search``, ``login``) maps the keys it counts by to one rate
or a list of rates, all of which apply::

    {"register": {"client": ["2/5s", "30/h"], "address": "3/h"}}

Keys: ``client`` (the client's network address, see brakes.client), ``user`` (the logged-in user)
and ``address`` (the email address a form was sent for, compared casefolded). A rate is
``count/period`` with the period in seconds, minutes, hours or days, optionally multiplied:
``2/5s``, ``10/m``, ``3/h``, ``20/10m``.

This module imports nothing from Django: config/settings/base.py calls it while settings load.
"""
import re

KEYS = ("client", "user", "address")
RATE = re.compile(r"^[1-9]\d*/\d*[smhd]$")


class InvalidRateLimits(ValueError):
    pass


def rates(value):
    """The list of rates in one entry of a scope: a single rate, a list of rates, or None/"off"."""
    if value in (None, "off", ""):
        return []
    return [value] if isinstance(value, str) else list(value)


def problems(limits):
    """What is wrong with a RATE_LIMITS dictionary, as sentences (empty when it is right)."""
    found = []
    for scope, keys in limits.items():
        for key, value in keys.items():
            if key not in KEYS:
                found.append(f"{scope}: unknown key {key!r} (use {', '.join(KEYS)})")
            found.extend(f"{scope}.{key}: {rate!r} is not a rate like 3/h or 2/5s"
                         for rate in rates(value) if not RATE.match(str(rate)))
    return found


def enabled_in(environment_value):
    """RATE_LIMITS=off in the environment turns every limit off (load tests); anything else keeps them."""
    return environment_value.strip().lower() != "off"


def with_overrides(limits, environment_value):
    """`limits` with the overrides written in the environment applied, e.g.

    ``RATE_LIMITS="register.client=5/m+30/h,door_search.user=off"``: a ``+`` joins rates that all
    apply, ``off`` removes that key's limit. "", "on" and "off" override nothing. Raises
    InvalidRateLimits on anything it cannot read, so a typo stops the start instead of going unnoticed.
    """
    value = environment_value.strip()
    merged = {scope: dict(keys) for scope, keys in limits.items()}
    if value.lower() in ("", "on", "off"):
        return merged
    for item in value.split(","):
        name, _, rate = item.strip().partition("=")
        scope, _, key = name.strip().partition(".")
        if not rate or scope not in merged or key not in KEYS:
            raise InvalidRateLimits(
                f"RATE_LIMITS: cannot read {item.strip()!r}; write scope.key=rate, scope one of "
                f"{', '.join(merged)}, key one of {', '.join(KEYS)}")
        parts = [part.strip() for part in rate.split("+")]
        merged[scope][key] = "off" if parts == ["off"] else parts
    wrong = problems(merged)
    if wrong:
        raise InvalidRateLimits("RATE_LIMITS: " + "; ".join(wrong))
    return merged
