"""feedback after sessions: feedback_requests (one per attended booking, with the answers)
and feedback_turned_off (activities whose coordinators do not want people asked).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback_requests",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "booking_id", sa.String(36), sa.ForeignKey("bookings.id"), nullable=False, unique=True
        ),
        sa.Column("participant_id", sa.String(36), nullable=False),
        sa.Column("session_id", sa.String(36), nullable=False),
        sa.Column("activity_id", sa.String(36), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("rating", sa.Integer, nullable=True),
        sa.Column("words", sa.Text, nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("via", sa.String(10), nullable=True),
    )
    op.create_index(
        "ix_feedback_requests_participant", "feedback_requests", ["participant_id", "asked_at"]
    )
    op.create_index(
        "ix_feedback_requests_activity", "feedback_requests", ["activity_id", "session_id"]
    )
    op.create_table(
        "feedback_turned_off",
        sa.Column("activity_id", sa.String(36), primary_key=True),
        sa.Column("turned_off_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("feedback_turned_off")
    op.drop_index("ix_feedback_requests_activity", "feedback_requests")
    op.drop_index("ix_feedback_requests_participant", "feedback_requests")
    op.drop_table("feedback_requests")
