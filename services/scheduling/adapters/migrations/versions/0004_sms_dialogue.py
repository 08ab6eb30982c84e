"""invitations and sms_offers, for the SMS booking dialogue

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "invitations",
        sa.Column("participant_id", sa.String(36), primary_key=True),
        sa.Column("activity_id", sa.String(36), primary_key=True),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "sms_offers",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("participant_id", sa.String(36), nullable=False),
        sa.Column("activity_id", sa.String(36), nullable=False),
        sa.Column("slot_ids", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
    )
    op.create_index("ix_sms_offers_participant", "sms_offers", ["participant_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_sms_offers_participant", "sms_offers")
    op.drop_table("sms_offers")
    op.drop_table("invitations")
