"""The suite's levels (tests/levels.py, applied by tests/conftest.py): unit and contract tests
need nothing running, and everything else is marked `integration` (and `postgres` when it
reaches PostgreSQL)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.levels import TESTS, is_integration, reaches_postgres

ROOT = TESTS.parent

# Importing the root conftest with every way of reaching or starting something recorded.
WATCHED_IMPORT = """
import json, socket, subprocess, threading
calls = []
def record(what):
    def refuse(*args, **kwargs):
        calls.append(what)
        raise OSError(what + " during import")
    return refuse
socket.socket.connect = record("socket.connect")
socket.socket.connect_ex = record("socket.connect_ex")
socket.create_connection = record("socket.create_connection")
subprocess.Popen.__init__ = record("subprocess.Popen")
threading.Thread.start = record("threading.Thread.start")
import tests.conftest
print(json.dumps(calls))
"""


def test_importing_the_root_conftest_starts_and_connects_to_nothing() -> None:
    env = {"KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", WATCHED_IMPORT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == []


@pytest.mark.parametrize(
    ("path", "integration"),
    [
        ("unit/test_x.py", False),
        ("shared/unit/test_x.py", False),
        ("recruitment/unit/domain/test_x.py", False),
        ("contract/test_x.py", False),
        ("integration/test_x.py", True),
        ("shared/integration/test_x.py", True),
        ("e2e/test_x.py", True),
        ("browser/test_x.py", True),
    ],
)
def test_a_test_is_integration_unless_it_is_in_a_unit_folder_or_a_contract(
    path: str, integration: bool
) -> None:
    assert is_integration(TESTS / Path(path)) is integration


POSTGRES_URL = "postgresql://example"


def _connects() -> str:
    return POSTGRES_URL


def _through_a_helper() -> str:
    return _connects()


def _sqlite_only() -> str:
    return "sqlite://"


# Reached through a dict, so that the test below does not itself count as reaching PostgreSQL.
EXAMPLES = {"connects": _connects, "helper": _through_a_helper, "sqlite": _sqlite_only}


def test_a_function_reaches_postgres_by_name_or_through_a_helper_of_the_tests() -> None:
    assert reaches_postgres(EXAMPLES["connects"])
    assert reaches_postgres(EXAMPLES["helper"])
    assert not reaches_postgres(EXAMPLES["sqlite"])
