"""staff memberships: each staff member's roles per organisation, from StaffProfileChanged
(shared.staff_sessions.memberships_of), so a role at one organisation gives nothing at another

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""

from alembic import op

from shared.staff_sessions import add_memberships_column, drop_memberships_column

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_memberships_column(op, "staff_names")


def downgrade() -> None:
    drop_memberships_column(op, "staff_names")
