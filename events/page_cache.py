"""The cache for what every visitor sees alike: the event list, an event page, the blank registration form.

Only HTML fragments are cached, rendered without the request (so nothing personal can get in: no
session, no messages, no CSRF token), and the public event an event page is about; the page around
them, with its CSRF token and messages, is rendered per request. A key holds the fragment's kind,
the event, the language and the registration state (it changes with the clock); each entry holds
the version of the public pages it was made under. Saving or deleting any event, company or
research area, or changing the companies and research areas an event offers, gives that version a
new value (events/receivers.py): every entry made before no longer matches and the next visitor sees
the change. The version and the entry are read together, in one round trip to the cache. Organizers'
edits are rare, so one version for all public pages costs little. The version is a random token,
not a counter, so a version the cache evicted can never come back with a value old entries were
stored under.
"""
import uuid
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

VERSION_KEY = "pages:version"
# Invalidation comes from the version; the timeout only bounds how long unread entries occupy the cache.
FRAGMENT_SECONDS = 600


def bump_version():
    """Make every cached public fragment stale. Side effect: writes the version key to the cache."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def current_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def seconds_to_keep(event, now):
    """At most FRAGMENT_SECONDS, and never past the event's next opening or closing of registration."""
    limit = now + timedelta(seconds=FRAGMENT_SECONDS)
    if event is not None:
        limit = min([limit] + [moment for moment in (event.registration_opens_at, event.registration_closes_at)
                               if moment > now])
    return max(1, int((limit - now).total_seconds()))


def current_entry(key):
    """(the value stored at `key` if it was made under the current version, else None; the current version)."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or current_version()
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        return entry[1], version
    return None, version


def cached_fragment(kind, render, *, event=None, state="", now=None):
    """The HTML `render()` returns, from the cache when it holds this kind, event, language and state,
    made under the current version.

    Side effect: on a miss, stores what `render()` returned. `render` must not use the request.
    """
    now = now or timezone.now()
    key = ":".join(["pages", kind, str(event.pk if event else "-"), get_language() or "-", state])
    html, version = current_entry(key)
    if html is None:
        html = render()
        cache.set(key, (version, html), seconds_to_keep(event, now))
    return html


def cached_event(slug, load, *, now=None):
    """The public event at `slug`: `load(slug)` (an Event, or None) unless the cache holds it under
    the current version. Side effect: stores what was loaded (an unknown slug is not stored, so a
    stranger's guesses cannot fill the cache)."""
    key = f"pages:event:{slug}"
    event, version = current_entry(key)
    if event is None:
        event = load(slug)
        if event is not None:
            cache.set(key, (version, event), seconds_to_keep(event, now or timezone.now()))
    return event
