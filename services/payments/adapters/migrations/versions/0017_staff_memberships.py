"""staff memberships: each staff member's roles per organisation, from StaffProfileChanged
(shared.staff_sessions.memberships_of), so a role at one organisation gives nothing at another

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # None until a profile carrying memberships arrives: its roles then hold as before.
    with op.batch_alter_table("staff_names") as batch:
        batch.add_column(sa.Column("memberships", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("staff_names") as batch:
        batch.drop_column("memberships")
