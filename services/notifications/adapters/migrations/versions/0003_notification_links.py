"""notifications can be for one channel and carry a magic link

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("channel", sa.String(10), nullable=True))
        batch.add_column(sa.Column("link_id", sa.String(36), nullable=True))
        batch.add_column(sa.Column("link_purpose", sa.String(20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        batch.drop_column("link_purpose")
        batch.drop_column("link_id")
        batch.drop_column("channel")
