"""staff.suspended_in: the organisations where an admin there disabled the account

An organisation's admin disables someone only in their own organisation: the roles there stop
holding, the roles elsewhere stay. Existing accounts are suspended nowhere.

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
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("suspended_in", sa.JSON, nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("suspended_in")
