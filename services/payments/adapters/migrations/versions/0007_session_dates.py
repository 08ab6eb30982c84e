"""when the session behind a fee started, and the day an expense was spent

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # From AttendanceRecorded: the participant's pages and messages name the session's day.
    op.add_column(
        "entitlements",
        sa.Column("session_starts_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.add_column("expense_lines", sa.Column("spent_on", sa.Date, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("expense_lines") as batch:
        batch.drop_column("spent_on")
    with op.batch_alter_table("entitlements") as batch:
        batch.drop_column("session_starts_at")
