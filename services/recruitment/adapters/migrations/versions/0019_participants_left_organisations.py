"""participants.left_organisations: the organisations a person chose to leave

Leaving one organisation is per-organisation withdrawal: its staff may not invite them again
and a sign-up form does not put them back, while other organisations keep them. Nobody has
left anywhere yet.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.add_column(
            sa.Column("left_organisations", sa.JSON, nullable=False, server_default="[]")
        )


def downgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("left_organisations")
