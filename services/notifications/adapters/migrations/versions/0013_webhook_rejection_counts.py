"""webhook_rejection_counts: every refused webhook counted per minute (shared/webhook_rejections.py)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "webhook_rejection_counts",
        sa.Column("minute", sa.BigInteger(), primary_key=True),
        sa.Column("path", sa.String(200), primary_key=True),
        sa.Column("reason", sa.String(200), primary_key=True),
        sa.Column("refused", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("webhook_rejection_counts")
