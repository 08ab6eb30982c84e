"""offers become policies (where a policy came from, whether it covers expenses); attendance
kept apart from fees (so expenses-only activities reimburse); names and titles staff pages show

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("payment_policies") as batch:
        batch.add_column(
            sa.Column("expenses_covered", sa.Boolean, nullable=False, server_default=sa.true())
        )
        batch.add_column(sa.Column("source", sa.String(10), nullable=False, server_default="staff"))
    op.create_table(
        "attendances",
        sa.Column("booking_id", sa.String(36), primary_key=True),
        sa.Column("participant_id", sa.String(36), nullable=False, index=True),
        sa.Column("activity_id", sa.String(36), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("session_starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "activity_titles",
        sa.Column("activity_id", sa.String(36), primary_key=True),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "participant_names",
        sa.Column("participant_id", sa.String(36), primary_key=True),
        sa.Column("preferred_name", sa.String(100), nullable=False),
    )
    op.create_table(
        "staff_names",
        sa.Column("staff_id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in ("staff_names", "participant_names", "activity_titles", "attendances"):
        op.drop_table(table)
    with op.batch_alter_table("payment_policies") as batch:
        batch.drop_column("source")
        batch.drop_column("expenses_covered")
