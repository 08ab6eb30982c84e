"""sessions, slots and bookings

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

CONFIRMED_ONLY = sa.text("status = 'confirmed'")


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("activity_id", sa.String(36), nullable=False, index=True),
        sa.Column("activity_title", sa.String(120), nullable=False),
        sa.Column("format", sa.String(10), nullable=False),
        sa.Column("location", sa.String(300), nullable=True),
        sa.Column("access_features", sa.String(200), nullable=False),
        sa.Column("joining_url", sa.String(500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "slots",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "session_id", sa.String(36), sa.ForeignKey("sessions.id"), nullable=False, index=True
        ),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("capacity", sa.Integer, nullable=False),
        sa.Column("booking_opens_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("booking_closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancel_by", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "bookings",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("session_id", sa.String(36), sa.ForeignKey("sessions.id"), nullable=False),
        sa.Column("slot_id", sa.String(36), sa.ForeignKey("slots.id"), nullable=False, index=True),
        sa.Column("participant_id", sa.String(36), nullable=False, index=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("booked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
    )
    # One confirmed place per person per slot and per session: the database's last word.
    for name, columns in (
        ("uq_bookings_slot_participant", ["slot_id", "participant_id"]),
        ("uq_bookings_session_participant", ["session_id", "participant_id"]),
    ):
        op.create_index(
            name,
            "bookings",
            columns,
            unique=True,
            sqlite_where=CONFIRMED_ONLY,
            postgresql_where=CONFIRMED_ONLY,
        )


def downgrade() -> None:
    op.drop_table("bookings")
    op.drop_table("slots")
    op.drop_table("sessions")
