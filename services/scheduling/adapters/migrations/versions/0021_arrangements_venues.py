"""arrangements and venues: arrangement_tasks (what the needs of the people booked call for),
venues (each organisation's, with access features), arrangement_go_aheads (a time run with
arrangements open: who and when) sessions.venue_id, and
participant_needs.interpreter_language (the spoken language of the "interpreter" need).

Revision ID: 0021
Revises: 0020 (feedback)
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "arrangement_tasks",
        sa.Column("task_id", sa.String(36), primary_key=True),
        sa.Column("session_id", sa.String(36), nullable=False),
        sa.Column("slot_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("booking_ids", sa.JSON, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("venue_problem", sa.Boolean, nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("reason", sa.String(300), nullable=True),
        sa.Column("settled_by", sa.String(36), nullable=True),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_arrangement_tasks_session_id", "arrangement_tasks", ["session_id"])
    op.create_index("ix_arrangement_tasks_slot_state", "arrangement_tasks", ["slot_id", "state"])
    op.create_table(
        "venues",
        sa.Column("venue_id", sa.String(36), primary_key=True),
        sa.Column("organisation_id", sa.String(36), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("address", sa.String(300), nullable=False),
        sa.Column("access_features", sa.String(200), nullable=False),
        sa.Column("notes", sa.String(500), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_venues_organisation_id", "venues", ["organisation_id"])
    op.create_table(
        "arrangement_go_aheads",
        sa.Column("slot_id", sa.String(36), primary_key=True),
        sa.Column("session_id", sa.String(36), nullable=False),
        sa.Column("staff_id", sa.String(36), nullable=False),
        sa.Column("open_tasks", sa.Integer, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_arrangement_go_aheads_session_id", "arrangement_go_aheads", ["session_id"])
    # A plain ADD COLUMN: no table rebuild on SQLite (sessions' neighbours keep their triggers).
    op.add_column("sessions", sa.Column("venue_id", sa.String(36), nullable=True))
    op.add_column(
        "participant_needs", sa.Column("interpreter_language", sa.String(40), nullable=True)
    )
    op.add_column("arrangement_tasks", sa.Column("language", sa.String(40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("participant_needs") as batch:
        batch.drop_column("interpreter_language")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("venue_id")
    op.drop_table("arrangement_go_aheads")
    op.drop_table("venues")
    op.drop_table("arrangement_tasks")
