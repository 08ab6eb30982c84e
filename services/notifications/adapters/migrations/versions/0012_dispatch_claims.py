"""messages.claimed_by and dispatcher_instances: which dispatcher holds which message, and
which dispatchers are still alive (their heartbeat), so one recovers only a dead one's messages

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(120), nullable=True))
    op.create_table(
        "dispatcher_instances",
        sa.Column("instance_id", sa.String(120), primary_key=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("dispatcher_instances")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("claimed_by")
