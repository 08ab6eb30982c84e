"""Fixtures every scheduling test may ask for."""

from __future__ import annotations

import pytest

from tests.scheduling.fakes import Clock


@pytest.fixture
def clock() -> Clock:
    """The real time until the test sets one (the app's bus reads it)."""
    return Clock()
