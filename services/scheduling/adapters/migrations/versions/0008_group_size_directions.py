"""directions to a session's venue; a minimum group size per slot, decided at decision_at

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("directions", sa.String(500), nullable=True))
    with op.batch_alter_table("slots") as batch:
        batch.add_column(sa.Column("min_group_size", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("decision_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("confirmed_to_run_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("slots") as batch:
        batch.drop_column("confirmed_to_run_at")
        batch.drop_column("decision_at")
        batch.drop_column("min_group_size")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("directions")
