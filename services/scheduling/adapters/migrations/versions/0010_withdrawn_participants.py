"""people who withdrew their consent to take part: no new bookings, invitations or reminders

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "withdrawn_participants",
        sa.Column("participant_id", sa.String(36), primary_key=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("withdrawn_participants")
