"""The dependencies are declared, pinned, and locked with hashes, and the installs use the locks.

pyproject.toml declares what the code imports (exact pins); deploy/local/lock.sh writes
requirements-dev.lock (runtime + dev: install.sh, so CI) and requirements.lock (runtime: the image).
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[([a-z0-9,]+)\])?==([^\s;]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(group: list[str]) -> dict[str, str]:
    pins = {}
    for requirement in group:
        match = PIN.match(requirement)
        assert match, f"not pinned exactly (name==version): {requirement}"
        pins[canonical(match[1])] = match[3]
    return pins


RUNTIME = declared(PYPROJECT["project"]["dependencies"])
DEV = declared(PYPROJECT["project"]["optional-dependencies"]["dev"])


def lock(name: str) -> dict[str, tuple[str, int]]:
    """Each locked package: its version and how many file hashes the lock allows for it."""
    locked: dict[str, tuple[str, int]] = {}
    current = ""
    for line in (ROOT / name).read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = canonical(match[1])
            locked[current] = (match[3], 0)
        elif line.strip().startswith("--hash=sha256:") and current:
            version, hashes = locked[current]
            locked[current] = (version, hashes + 1)
    return locked


DEV_LOCK, RUNTIME_LOCK = lock("requirements-dev.lock"), lock("requirements.lock")


def test_every_declared_dependency_is_locked_at_its_pin() -> None:
    for name, version in (RUNTIME | DEV).items():
        assert DEV_LOCK.get(name, ("missing",))[0] == version, f"{name}=={version}: re-lock"
    for name, version in RUNTIME.items():
        assert RUNTIME_LOCK.get(name, ("missing",))[0] == version, f"{name}=={version}: re-lock"


def test_the_runtime_lock_is_the_dev_lock_without_the_dev_tools() -> None:
    for name, (version, _) in RUNTIME_LOCK.items():
        assert DEV_LOCK[name][0] == version, name
    assert not (set(DEV) - set(RUNTIME)) & set(RUNTIME_LOCK), "a dev tool in the image's lock"
    assert {"psycopg-binary", "psycopg"} <= set(RUNTIME_LOCK)  # psycopg[binary]


def test_every_locked_file_has_a_hash() -> None:
    for name, (_, hashes) in (DEV_LOCK | RUNTIME_LOCK).items():
        assert hashes, f"{name} has no hash"


def imported_packages() -> set[str]:
    found = set()
    for directory in ("services", "shared"):
        for path in (ROOT / directory).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Import):
                    found |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"services", "shared"}


def test_everything_the_code_imports_is_a_declared_runtime_dependency() -> None:
    providers = importlib.metadata.packages_distributions()
    for module in sorted(imported_packages()):
        names = {canonical(dist) for dist in providers.get(module, [])}
        assert names & set(RUNTIME), f"`import {module}` needs {names or '?'} in dependencies"


def test_the_build_backend_can_build_an_spdx_licence() -> None:
    [backend] = PYPROJECT["build-system"]["requires"]
    floor = re.fullmatch(r"setuptools>=(\d+)", backend)
    assert floor and int(floor[1]) >= 77, 'setuptools builds `license = "MIT"` from 77 (PEP 639)'
    assert PYPROJECT["project"]["license"] == "MIT"
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]


def test_the_installs_use_the_locks_with_hashes() -> None:
    install = (ROOT / "deploy/local/install.sh").read_text()
    assert 'lock="$ROOT/requirements-dev.lock"' in install
    assert 'install -q --require-hashes -r "$lock"' in install
    assert 'install -q --no-deps -e "$ROOT"' in install
    dockerfile = (ROOT / "deploy/docker/Dockerfile").read_text()
    assert "--require-hashes --wheel-dir /wheels -r requirements.lock" in dockerfile
    assert "--require-hashes -r /tmp/requirements.lock" in dockerfile
    assert "pip install" not in dockerfile.replace("pip install --no-index", "")
