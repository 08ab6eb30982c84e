"""The suite's levels, as markers (declared in pyproject.toml; tests/conftest.py applies them):
`integration` for every test outside a `unit` folder and outside tests/contract (e2e and browser
too), `postgres` (and so `integration`) for every test that reaches PostgreSQL."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from types import CodeType

import pytest

TESTS = Path(__file__).resolve().parent
# What a test or fixture names when it reaches PostgreSQL (tests/support.py).
POSTGRES_NAMES = frozenset({"migrated_postgres", "POSTGRES_URL"})


def is_integration(path: Path) -> bool:
    """Everything but the tests in a `unit` folder and the contract tests: e2e and browser too."""
    try:
        parts = path.resolve().relative_to(TESTS).parts[:-1]
    except ValueError:  # a test file outside tests/: nothing says it needs nothing
        return True
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


def mark_levels(items: list[pytest.Item]) -> None:
    """The declared markers, applied by where a test lives and what it uses."""
    for item in items:
        postgres = uses_postgres(item)
        if postgres:
            item.add_marker(pytest.mark.postgres)
        if postgres or is_integration(item.path):  # a PostgreSQL server is a real part too
            item.add_marker(pytest.mark.integration)
