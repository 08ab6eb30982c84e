"""staff_sessions: when each staff member last signed out everywhere

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from alembic import op

from shared.staff_sessions import create_staff_sessions_table

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_staff_sessions_table(op)


def downgrade() -> None:
    op.drop_table("staff_sessions")
