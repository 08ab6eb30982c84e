"""arrangements_told: what each person was last told had been arranged for a time, so a
settled task changed later tells them again only when the words would change (as an update).

Revision ID: 0025
Revises: 0023 (0024 is another branch's number: re-chained at merge)
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "arrangements_told",
        sa.Column("booking_id", sa.String(36), primary_key=True),
        sa.Column("slot_id", sa.String(36), primary_key=True),
        sa.Column("session_id", sa.String(36), nullable=False, index=True),
        sa.Column("done", sa.String(200), nullable=False),
        sa.Column("not_possible", sa.String(200), nullable=False),
        sa.Column("told_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("arrangements_told")
