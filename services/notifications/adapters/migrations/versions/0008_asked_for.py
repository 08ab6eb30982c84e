"""asked_for on notifications and messages: replies people wait for skip quiet hours

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("notifications", "messages"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("asked_for", sa.Boolean(), nullable=False, server_default="0")
            )


def downgrade() -> None:
    for table in ("messages", "notifications"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("asked_for")
