"""bus schema 2: the outbox's key buckets, relay leases and the shared schedule, so that
several relay and consumer instances share the work (shared/bus/tables.py)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from alembic import op

from shared.bus.tables import downgrade_bus_tables_from_2, upgrade_bus_tables_to_2

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    upgrade_bus_tables_to_2(op)


def downgrade() -> None:
    downgrade_bus_tables_from_2(op)
