"""Each service's tables as its code describes them are the tables its migrations make: Alembic
sees nothing to add, drop or change (on SQLite, as the tests migrate). Every adapters module is
imported first, since some define their tables beside their repositories."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tests.support import migrated_engine

SERVICES = ("recruitment", "scheduling", "payments", "notifications")


def _import_adapters(service: str) -> None:
    package = importlib.import_module(f"services.{service}")
    for found in pkgutil.walk_packages(package.__path__, f"services.{service}."):
        if ".adapters" in found.name and ".migrations" not in found.name:
            importlib.import_module(found.name)


@pytest.mark.parametrize("service", SERVICES)
def test_the_tables_match_the_migrated_database(service: str, tmp_path: Path) -> None:
    _import_adapters(service)
    target = importlib.import_module(f"services.{service}.adapters.orm").target_metadata
    engine = migrated_engine(service, tmp_path)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), target) == []
