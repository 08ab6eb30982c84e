"""staff_members, staff_tasks, staff_preferences and what was sent to staff: the daily digest
and urgent emails

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
        "staff_members",
        sa.Column("staff_id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "staff_tasks",
        sa.Column("task_id", sa.String(36), primary_key=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("activity_id", sa.String(36), nullable=False),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("path", sa.String(300), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("not_for_staff_ids", sa.JSON(), nullable=False),
        sa.Column("amount_pence", sa.Integer(), nullable=True),
        sa.Column("budget_pence", sa.Integer(), nullable=True),
        sa.Column("booked", sa.Integer(), nullable=True),
        sa.Column("minimum", sa.Integer(), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "staff_preferences",
        sa.Column("staff_id", sa.String(36), primary_key=True),
        sa.Column("not_wanted", sa.JSON(), nullable=False),
    )
    op.create_table(
        "staff_digests_sent",
        sa.Column("staff_id", sa.String(36), primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
    )
    op.create_table(
        "staff_urgent_sent",
        sa.Column("task_id", sa.String(36), primary_key=True),
        sa.Column("staff_id", sa.String(36), primary_key=True),
    )


def downgrade() -> None:
    for table in (
        "staff_urgent_sent",
        "staff_digests_sent",
        "staff_preferences",
        "staff_tasks",
        "staff_members",
    ):
        op.drop_table(table)
