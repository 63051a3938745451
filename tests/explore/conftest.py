"""One explorer session for the module's tests (composing it takes a few seconds)."""

from __future__ import annotations

import pytest

from sim.explore.session import Session


@pytest.fixture(scope="session")
def session() -> Session:
    return Session()
