"""Fixtures for the real parts. They fail loudly, never skip, when a part is missing.

Importing this module starts and connects to nothing (tests/shared/unit/test_test_levels.py
checks it): the fixtures below reach the broker and the stand-ins only when a test asks for them.
Every test is marked by level here (pytest_collection_modifyitems), so `make test-unit`
(`-m "not integration"`) runs the unit and contract tests with nothing started."""

from __future__ import annotations

import os

# Chorus defaults to production; the suite runs as a developer's machine does, and every process
# it starts inherits this. Set before anything below (or any test module) reads the settings.
# A test of production behaviour sets CHORUS_ENV=production and its secrets itself.
os.environ.setdefault("CHORUS_ENV", "development")

import inspect
from collections.abc import Callable, Iterator
from pathlib import Path
from types import CodeType

import pytest

from shared.bus.topics import ensure_topics
from shared.bus.wait_for_broker import broker_answers
from tests.support import MAILPIT_API, TWILIO_MOCK, answers, create_topic

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
TESTS = Path(__file__).resolve().parent
# What a test or fixture names when it reaches PostgreSQL (tests/support.py).
POSTGRES_NAMES = frozenset({"migrated_postgres", "POSTGRES_URL"})


def is_integration(path: Path) -> bool:
    """Everything but the tests in a `unit` folder and the contract tests: e2e and browser too."""
    parts = path.resolve().relative_to(TESTS).parts[:-1]
    return "unit" not in parts and parts[:1] != ("contract",)


def _names(code: CodeType) -> set[str]:
    """The global names a function's code (and the code nested in it) refers to."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, CodeType):
            names |= _names(const)
    return names


def reaches_postgres(function: Callable[..., object], seen: set[int] | None = None) -> bool:
    """Whether a function names PostgreSQL's URL or migrated_postgres, itself or through the
    functions of the tests package it calls (a helper such as postgres_database())."""
    seen = set() if seen is None else seen
    function = inspect.unwrap(function)
    code = getattr(function, "__code__", None)
    if code is None or id(code) in seen:
        return False
    seen.add(id(code))
    names = _names(code)
    if names & POSTGRES_NAMES:
        return True
    scope = getattr(function, "__globals__", {})
    return any(
        reaches_postgres(helper, seen)
        for name in names
        if inspect.isfunction(helper := scope.get(name)) and helper.__module__.startswith("tests.")
    )


def uses_postgres(item: pytest.Item) -> bool:
    """A test that uses a PostgreSQL fixture, or calls PostgreSQL itself. A fixture with
    parameters (["sqlite", "postgres"]) counts only for its "postgres" parameter."""
    if item.get_closest_marker("postgres") is not None:
        return True
    callspec = getattr(item, "callspec", None)
    fixtures = getattr(item, "_fixtureinfo", None)
    for name, definitions in fixtures.name2fixturedefs.items() if fixtures else ():
        definition = definitions[-1]
        if not reaches_postgres(definition.func):
            continue
        if definition.params is None or (callspec and callspec.params.get(name) == "postgres"):
            return True
    function = getattr(item, "function", None)
    return function is not None and reaches_postgres(function)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The declared markers (pyproject.toml), applied by where a test lives and what it uses."""
    for item in items:
        postgres = uses_postgres(item)
        if postgres:
            item.add_marker(pytest.mark.postgres)
        if postgres or is_integration(item.path):  # a PostgreSQL server is a real part too
            item.add_marker(pytest.mark.integration)


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
