"""advisory panels: panels, panel_members (terms), panel_meetings (each a session with one
time) and panel_meeting_answers

Revision ID: 0023
Revises: 0019 (re-chained at merge after the other helpers' 0020-0022)
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "panels",
        sa.Column("activity_id", sa.String(36), primary_key=True),
        sa.Column("organisation_id", sa.String(36), nullable=False),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("format", sa.String(12), nullable=False),
        sa.Column("location", sa.String(300), nullable=True),
        sa.Column("access_features", sa.String(200), nullable=False),
        sa.Column("joining_url", sa.String(500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "panel_members",
        sa.Column("activity_id", sa.String(36), primary_key=True),
        sa.Column("participant_id", sa.String(36), primary_key=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("via", sa.String(12), nullable=True),
        sa.Column("renewal_task", sa.String(10), nullable=True),
    )
    op.create_index("ix_panel_members_participant", "panel_members", ["participant_id"])
    op.create_table(
        "panel_meetings",
        sa.Column("session_id", sa.String(36), primary_key=True),
        sa.Column("activity_id", sa.String(36), nullable=False),
        sa.Column("slot_id", sa.String(36), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
    )
    op.create_index("ix_panel_meetings_activity", "panel_meetings", ["activity_id", "starts_at"])
    op.create_table(
        "panel_meeting_answers",
        sa.Column("session_id", sa.String(36), primary_key=True),
        sa.Column("participant_id", sa.String(36), primary_key=True),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.String(3), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("via", sa.String(12), nullable=True),
    )
    op.create_index(
        "ix_panel_meeting_answers_participant",
        "panel_meeting_answers",
        ["participant_id", "asked_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_panel_meeting_answers_participant", "panel_meeting_answers")
    op.drop_table("panel_meeting_answers")
    op.drop_index("ix_panel_meetings_activity", "panel_meetings")
    op.drop_table("panel_meetings")
    op.drop_index("ix_panel_members_participant", "panel_members")
    op.drop_table("panel_members")
    op.drop_table("panels")
