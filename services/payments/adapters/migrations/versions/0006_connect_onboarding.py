"""Stripe Connect onboarding: is a connected account ready to be paid, and payouts waiting for it

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Accounts registered before this by finance were vouched for by hand: they stay ready.
    op.add_column(
        "stripe_accounts",
        sa.Column("payouts_enabled", sa.Boolean, nullable=False, server_default=sa.true()),
    )
    op.add_column("stripe_accounts", sa.Column("details_submitted", sa.Boolean, nullable=True))
    # The `created` time of the Stripe event we last applied: older ones arriving late are ignored.
    op.add_column(
        "stripe_accounts", sa.Column("status_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.create_index("ix_stripe_accounts_account_id", "stripe_accounts", ["account_id"])
    op.create_table(
        "payout_waits",
        sa.Column("entitlement_id", sa.String(36), primary_key=True),
        sa.Column("participant_id", sa.String(36), nullable=False, index=True),
        sa.Column("requested_by", sa.String(36), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("payout_waits")
    op.drop_index("ix_stripe_accounts_account_id", "stripe_accounts")
    with op.batch_alter_table("stripe_accounts") as batch:
        batch.drop_column("status_at")
        batch.drop_column("details_submitted")
        batch.drop_column("payouts_enabled")
