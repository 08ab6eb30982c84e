"""activity_titles: each activity's title (from ActivityPublished), so staff pages show titles

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activity_titles",
        sa.Column("activity_id", sa.String(36), primary_key=True),
        sa.Column("title", sa.String(120), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("activity_titles")
