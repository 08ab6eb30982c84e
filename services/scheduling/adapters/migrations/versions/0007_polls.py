"""availability polls: numbered times, who was invited, and each person's answer

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "polls",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("activity_id", sa.String(36), nullable=False),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("format", sa.String(10), nullable=False),
        sa.Column("location", sa.String(300), nullable=True),
        sa.Column("joining_url", sa.String(500), nullable=True),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_polls_activity_id", "polls", ["activity_id"])
    op.create_table(
        "poll_options",
        sa.Column("poll_id", sa.String(36), sa.ForeignKey("polls.id"), primary_key=True),
        sa.Column("number", sa.Integer(), primary_key=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "poll_invitations",
        sa.Column("poll_id", sa.String(36), sa.ForeignKey("polls.id"), primary_key=True),
        sa.Column("participant_id", sa.String(36), primary_key=True),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_poll_invitations_participant", "poll_invitations", ["participant_id", "invited_at"]
    )
    op.create_table(
        "poll_answers",
        sa.Column("poll_id", sa.String(36), sa.ForeignKey("polls.id"), primary_key=True),
        sa.Column("participant_id", sa.String(36), primary_key=True),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("via", sa.String(10), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("poll_answers")
    op.drop_index("ix_poll_invitations_participant", table_name="poll_invitations")
    op.drop_table("poll_invitations")
    op.drop_table("poll_options")
    op.drop_index("ix_polls_activity_id", table_name="polls")
    op.drop_table("polls")
