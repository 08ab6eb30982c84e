"""the session a poll's time became, so it is turned into a session only once

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("poll_options") as batch:
        batch.add_column(sa.Column("session_id", sa.String(36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("poll_options") as batch:
        batch.drop_column("session_id")
