"""entitlements.amount_changed_by: the coordinator who last changed a fee's amount before
approval (with a reason in the audit log), so four eyes keeps them out of approving it

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entitlements") as batch:
        batch.add_column(sa.Column("amount_changed_by", sa.String(36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("entitlements") as batch:
        batch.drop_column("amount_changed_by")
