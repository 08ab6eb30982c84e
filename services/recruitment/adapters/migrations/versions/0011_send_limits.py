"""send_limits: how often a stranger's request may make us send (shared/send_limits.py)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "send_limits",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("window_start", sa.BigInteger(), nullable=False),
        sa.Column("used", sa.Integer(), nullable=False),
    )
    op.create_index("ix_send_limits_window_start", "send_limits", ["window_start"])


def downgrade() -> None:
    op.drop_index("ix_send_limits_window_start", "send_limits")
    op.drop_table("send_limits")
