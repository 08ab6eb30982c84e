"""names for staff pages (participants' preferred names, staff names), staff tasks already
announced, and how each booking was made

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "participant_names",
        sa.Column("participant_id", sa.String(36), primary_key=True),
        sa.Column("preferred_name", sa.String(100), nullable=False),
    )
    op.create_table(
        "staff_names",
        sa.Column("staff_id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "staff_tasks",
        sa.Column("task_id", sa.String(36), primary_key=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("session_id", sa.String(36), nullable=False),
        sa.Column("slot_id", sa.String(36), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_staff_tasks_state", "staff_tasks", ["state", "kind"])
    with op.batch_alter_table("bookings") as batch:
        batch.add_column(sa.Column("booked_via", sa.String(12), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("booked_via")
    op.drop_index("ix_staff_tasks_state", "staff_tasks")
    op.drop_table("staff_tasks")
    op.drop_table("staff_names")
    op.drop_table("participant_names")
