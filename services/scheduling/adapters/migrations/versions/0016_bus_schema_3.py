"""bus schema 3: the inbox indexed by age, so that old outbox and inbox rows are pruned
(shared/bus/prune.py)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02
"""

from alembic import op

from shared.bus.tables import downgrade_bus_tables_from_3, upgrade_bus_tables_to_3

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    upgrade_bus_tables_to_3(op)


def downgrade() -> None:
    downgrade_bus_tables_from_3(op)
