"""The local Redis for the tests that need one (rate limits shared between processes)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

REDIS_URL = "redis://127.0.0.1:6379/0"


@contextmanager
def redis_key_prefix() -> Iterator[str]:
    """A key prefix of the caller's alone in the local Redis; its keys are removed afterwards.
    Skips the test when no Redis answers, except in CI (.ci/run starts one)."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but no Redis answers at {REDIS_URL}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    prefix = f"kompas-test:{uuid.uuid4().hex}:"
    try:
        yield prefix
    finally:
        for key in client.scan_iter(match=prefix + "*"):
            client.delete(key)
        client.close()
