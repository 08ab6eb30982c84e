"""participants' payment choices (bank, voucher or decline)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payment_choices",
        sa.Column("participant_id", sa.String(36), primary_key=True),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    # Tax-year totals add up one person's claims by when they were earned.
    op.create_index(
        "ix_entitlements_participant_created", "entitlements", ["participant_id", "created_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_entitlements_participant_created", "entitlements")
    op.drop_table("payment_choices")
