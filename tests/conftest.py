from __future__ import annotations

import pytest

from newstrace.ingest.web import FetchPolicy, make_client
from newstrace.nlp.pipeline import shared_pipeline


@pytest.fixture(scope="session")
def nlp():
    """The full newstrace pipeline, loaded once for the whole test session."""
    return shared_pipeline()


@pytest.fixture(scope="session")
def httpserver_listen_address():
    """pytest-httpserver listens on 127.0.0.1 only: web tests never leave the machine."""
    return ("127.0.0.1", 0)


@pytest.fixture
def policy() -> FetchPolicy:
    """A fetch policy for fixtures served on 127.0.0.1: loopback allowed, robots not consulted."""
    return FetchPolicy(timeout=5, allow_private=True, respect_robots=False)


@pytest.fixture
def client(policy):
    with make_client(policy) as client:
        yield client
