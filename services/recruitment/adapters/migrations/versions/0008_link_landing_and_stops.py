"""magic links remember where to land; participants' "stop all my links" time

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("magic_links") as batch:
        batch.add_column(sa.Column("next_path", sa.String(500), nullable=True))
    with op.batch_alter_table("participants") as batch:
        batch.add_column(sa.Column("links_stopped_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("links_stopped_at")
    with op.batch_alter_table("magic_links") as batch:
        batch.drop_column("next_path")
