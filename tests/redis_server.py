"""The Redis the tests use: 127.0.0.1:6379 (TEST_REDIS_URL to change it), as on the development machines and
in CI, where REQUIRE_REDIS=1 (.ci/run) makes a missing Redis fail the tests that need it instead of skipping."""
import os

import pytest
import redis

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_client(url=REDIS_URL):
    """A client of the Redis at `url`; skips the test (fails it under REQUIRE_REDIS) when none answers."""
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        message = f"Redis does not answer at {url}: {error}"
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(message)
        pytest.skip(message)
    return client


def database_of_this_test_process(first=12):
    """A Redis database number for this pytest process alone (xdist's gw0, gw1... each get their own)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return first + int(worker.removeprefix("gw"))
