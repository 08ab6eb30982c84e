"""erased_participants: the bare ids of people who erased themselves (issue #14 item 16)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from shared.db import UtcDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "erased_participants",
        sa.Column("participant_id", sa.String(36), primary_key=True),
        sa.Column("erased_at", UtcDateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("erased_participants")
