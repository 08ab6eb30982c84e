"""The one organisations projection (shared/organisations.py) as each service that keeps it
migrates it: each migration's create_organisations_table makes the table the shared metadata
describes, and each service's target_metadata includes that metadata, so Alembic sees nothing
to add or drop for it."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from shared.organisations import organisations, organisations_metadata
from tests.support import migrated_engine

SERVICES = ["scheduling", "payments", "notifications"]


@pytest.mark.parametrize("service", SERVICES)
def test_the_migration_makes_the_shared_table(service: str, tmp_path: Path) -> None:
    engine = migrated_engine(service, tmp_path)
    target = importlib.import_module(f"services.{service}.adapters.orm").target_metadata
    assert organisations_metadata in target
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), target)
        columns = {c["name"]: c for c in inspect(conn).get_columns("organisations")}
        key = inspect(conn).get_pk_constraint("organisations")["constrained_columns"]
    assert [d for d in differences if "organisations" in repr(d)] == []
    assert list(columns) == [column.name for column in organisations.columns]
    assert {name: c["nullable"] for name, c in columns.items()} == {
        column.name: column.nullable for column in organisations.columns
    }
    assert key == ["organisation_id"]
