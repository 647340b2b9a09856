"""The check-in QR code: the signed check-in link, as a PNG that survives a cracked phone screen.

Drawing one costs some 35 ms of pure Python (segno chooses the best of eight masks, then writes the
PNG), and a registration's code goes out more than once (registered, then confirmed or promoted, and
on its badge): each drawing is kept in the cache, under a hash of the link (never the link itself),
until the link changes.
"""
import hashlib
import io

import segno
from django.core.cache import cache

from .. import links

QR_CONTENT_ID = "checkin-qr"
QR_CACHE_SECONDS = 60 * 60 * 24 * 30


def cache_key(url, scale):
    return "qr:" + hashlib.sha256(f"{scale}:{url}".encode()).hexdigest()


def checkin_qr_png(registration, *, scale=8):
    """`scale` pixels a module; a printed badge takes 1 and is drawn without smoothing (printing/)."""
    url = links.checkin_url(registration)
    key = cache_key(url, scale)
    png = cache.get(key)
    if png is None:
        buffer = io.BytesIO()
        segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=4)
        png = buffer.getvalue()
        cache.set(key, png, QR_CACHE_SECONDS)
    return png
