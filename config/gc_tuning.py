"""The garbage collector tuned for a long-lived process: the web server's workers (wsgi.py, asgi.py).

Once started, a process holds some 100,000 objects that live as long as it does (Django, the apps'
modules, the URLconf, the admin). Python's cyclic collector walks all of them at every full
collection, and a request that reads many rows allocates enough containers to trigger one: at 2,000
researchers the seating board's page ran one or two full collections per request, 55 of its 230 ms
(`bench/board.py`). `gc.freeze()` moves what exists after start-up into a generation the collector
never walks (the recipe of the gc module's documentation, from Instagram's servers), and the young
generation is collected every 10,000 allocations instead of 700, so a page of 20,000 rows triggers
a few collections rather than a hundred and fifty. Nothing is left uncollected: frozen objects are
the start-up's, which live on anyway, and the thresholds only space collections out.
"""
import gc

YOUNG_GENERATION_THRESHOLD = 10_000


def tune_for_serving():
    """Load what the first request would (the URLconf and the views it imports), then freeze it all."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports every URLconf and view module now)
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, middle, old)
