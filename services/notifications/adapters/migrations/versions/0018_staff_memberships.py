"""staff_members.memberships: each staff member's roles per organisation (StaffProfileChanged's
memberships), so a role held in one organisation gives nothing in another. Null until the next
profile event arrives: the roles then hold as before.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_members") as batch:
        batch.add_column(sa.Column("memberships", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("staff_members") as batch:
        batch.drop_column("memberships")
