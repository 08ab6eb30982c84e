"""staff_members.memberships: each staff member's roles per organisation (StaffProfileChanged's
memberships), so a role held in one organisation gives nothing in another. Null until the next
profile event arrives: the roles then hold as before.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03
"""

from alembic import op

from shared.staff_sessions import add_memberships_column, drop_memberships_column

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_memberships_column(op, "staff_members")


def downgrade() -> None:
    drop_memberships_column(op, "staff_members")
