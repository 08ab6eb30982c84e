"""SMS sign-ups in progress (JOIN <CODE>): one row per number, deleted when the dialogue ends
or after a day of silence

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"  # equality monitoring; the SMS sign-up does not depend on it
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sms_sign_ups",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("phone", sa.String(20), nullable=False, unique=True),
        sa.Column("activity_id", sa.String(36), nullable=False),
        sa.Column("code", sa.String(12), nullable=False),
        sa.Column("language", sa.String(5), nullable=False),
        sa.Column("step", sa.String(20), nullable=False),
        sa.Column("preferred_name", sa.String(100), nullable=True),
        sa.Column("postcode", sa.String(8), nullable=True),
        sa.Column("consented", sa.Boolean, nullable=False),
        sa.Column("support_needs", sa.JSON, nullable=False),
        sa.Column("started_at", TZ, nullable=False),
        sa.Column("last_message_at", TZ, nullable=False),
    )
    op.create_index("ix_sms_sign_ups_last_message_at", "sms_sign_ups", ["last_message_at"])


def downgrade() -> None:
    op.drop_table("sms_sign_ups")
