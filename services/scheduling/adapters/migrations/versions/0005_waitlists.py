"""waitlists (with holds on freed places) and sessions that need each booking approved

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "sessions",
        sa.Column("requires_approval", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "waitlist_entries",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("slot_id", sa.String(36), sa.ForeignKey("slots.id"), nullable=False),
        sa.Column("session_id", sa.String(36), sa.ForeignKey("sessions.id"), nullable=False),
        sa.Column("participant_id", sa.String(36), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("offered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hold_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("booking_id", sa.String(36), nullable=True),
    )
    op.create_index(
        "uq_waitlist_slot_participant",
        "waitlist_entries",
        ["slot_id", "participant_id"],
        unique=True,
    )
    op.create_index("ix_waitlist_status_expiry", "waitlist_entries", ["status", "hold_expires_at"])
    op.create_index("ix_waitlist_entries_participant_id", "waitlist_entries", ["participant_id"])


def downgrade() -> None:
    op.drop_table("waitlist_entries")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("requires_approval")
