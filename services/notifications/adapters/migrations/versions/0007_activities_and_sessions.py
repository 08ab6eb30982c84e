"""Activities and sessions on notifications and messages; large print on contacts

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(sa.Column("large_print", sa.Boolean(), nullable=False, server_default="0"))
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("activity_id", sa.String(36), nullable=True))
        batch.add_column(sa.Column("details", sa.JSON(), nullable=False, server_default="{}"))
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("activity_id", sa.String(36), nullable=True))
        batch.add_column(sa.Column("calendar", sa.Text(), nullable=True))
        batch.create_index("ix_messages_activity", ["activity_id", "created_at"])


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.drop_index("ix_messages_activity")
        batch.drop_column("calendar")
        batch.drop_column("activity_id")
    with op.batch_alter_table("notifications") as batch:
        batch.drop_column("details")
        batch.drop_column("activity_id")
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("large_print")
