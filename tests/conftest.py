from __future__ import annotations

import pytest

from newstrace.nlp.pipeline import shared_pipeline


@pytest.fixture(scope="session")
def nlp():
    """The full newstrace pipeline, loaded once for the whole test session."""
    return shared_pipeline()


@pytest.fixture(scope="session")
def httpserver_listen_address():
    """pytest-httpserver listens on 127.0.0.1 only: web tests never leave the machine."""
    return ("127.0.0.1", 0)
