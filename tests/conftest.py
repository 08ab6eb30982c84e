"""Fixtures for the real parts. They fail loudly, never skip, when a part is missing.

Importing this module starts and connects to nothing (tests/shared/unit/test_test_levels.py
checks it): the fixtures below reach the broker and the stand-ins only when a test asks for them.
Every test is marked by level here (tests/levels.py), so `make test-unit`
(`-m "not integration"`) runs the unit and contract tests with nothing started."""

from __future__ import annotations

import os

# Chorus defaults to production; the suite runs as a developer's machine does, and every process
# it starts inherits this. Set before anything below (or any test module) reads the settings.
# A test of production behaviour sets CHORUS_ENV=production and its secrets itself.
os.environ.setdefault("CHORUS_ENV", "development")

from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.bus.topics import ensure_topics
from shared.bus.wait_for_broker import broker_answers
from tests.levels import mark_levels
from tests.support import MAILPIT_API, TWILIO_MOCK, answers, create_topic

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    mark_levels(items)


@pytest.fixture(scope="session")
def bootstrap() -> str:
    if not broker_answers(BOOTSTRAP, timeout_s=5):
        pytest.fail(
            f"No Kafka broker answers at {BOOTSTRAP}: `make test` starts one (deploy/local/up.sh)."
        )
    ensure_topics(BOOTSTRAP)
    return BOOTSTRAP


@pytest.fixture
def topic(bootstrap: str) -> str:
    return create_topic(bootstrap)


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path


@pytest.fixture(scope="session")
def stand_ins() -> None:
    """Mailpit (SMTP) and Prism (Twilio) must be up."""
    wanted = (("Mailpit", f"{MAILPIT_API}/messages"), ("Prism", TWILIO_MOCK))
    missing = [name for name, url in wanted if not answers(url)]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} not running: `make test` starts them (deploy/local/up.sh)."
        )
