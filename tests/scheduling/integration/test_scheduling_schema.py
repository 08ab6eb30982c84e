"""Scheduling's tables as the ORM describes them are the tables its migrations make: Alembic
sees nothing to add, drop or change (on SQLite, as the tests migrate)."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from services.scheduling.adapters.orm import target_metadata
from tests.support import migrated_engine


def test_the_metadata_matches_the_migrated_database(tmp_path: Path) -> None:
    engine = migrated_engine("scheduling", tmp_path)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), target_metadata) == []
