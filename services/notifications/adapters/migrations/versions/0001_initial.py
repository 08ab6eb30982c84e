"""contacts, notifications, messages, outbox and inbox

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

from shared.bus.tables import create_bus_tables, drop_bus_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contacts",
        sa.Column("participant_id", sa.String(36), primary_key=True),
        sa.Column("preferred_name", sa.String(100), nullable=False),
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("preferred_channel", sa.String(10), nullable=False),
        sa.Column("language", sa.String(5), nullable=False),
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("participant_id", sa.String(36), nullable=False, index=True),
        sa.Column("template", sa.String(50), nullable=False),
        sa.Column("cause_event_id", sa.String(36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.UniqueConstraint("cause_event_id", "template", name="uq_notification_cause"),
    )
    op.create_index("ix_notifications_status", "notifications", ["status", "created_at"])
    op.create_table(
        "messages",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("participant_id", sa.String(36), nullable=False, index=True),
        sa.Column("notification_id", sa.String(36), nullable=False),
        sa.Column("template", sa.String(50), nullable=False),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("to", sa.String(254), nullable=False, index=True),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("html", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("provider_ref", sa.String(100), nullable=True),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("notification_id", "channel", name="uq_message_per_channel"),
    )
    op.create_index("ix_messages_due", "messages", ["status", "next_attempt_at"])
    create_bus_tables(op)


def downgrade() -> None:
    drop_bus_tables(op)
    op.drop_table("messages")
    op.drop_table("notifications")
    op.drop_table("contacts")
