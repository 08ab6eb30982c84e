"""history_entries and contact_notes: a contributor's history for staff (bookings, attendance,
payments and messages, told by the other services; needs changes) and the person's own note
on how they like to be contacted. Both carry participant_id, so erasure deletes them.

Revision ID: 0024
Revises: 0022 (0023 is another branch's number: re-chained at merge)
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "history_entries",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("participant_id", sa.String(36), nullable=False),
        sa.Column("organisation_id", sa.String(36), nullable=True),
        sa.Column("activity_id", sa.String(36), nullable=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("subject_id", sa.String(36), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
    )
    op.create_index("ix_history_entries_participant_id", "history_entries", ["participant_id"])
    op.create_table(
        "contact_notes",
        sa.Column("participant_id", sa.String(36), primary_key=True),
        sa.Column("note", sa.String(500), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("contact_notes")
    op.drop_index("ix_history_entries_participant_id", "history_entries")
    op.drop_table("history_entries")
