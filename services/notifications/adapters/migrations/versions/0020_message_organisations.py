"""messages.organisation_id (whose message it is: staff see only their organisation's) and
messages.sender (the number, messaging service or "Name <address>" it goes out as). Earlier
messages about an activity were the first organisation's; the rest (sign-in links) stay the
deployment's own (None).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("organisation_id", sa.String(36), nullable=True))
        batch.add_column(sa.Column("sender", sa.String(254), nullable=True))
    op.execute(
        sa.text(
            "UPDATE messages SET organisation_id = :first WHERE activity_id IS NOT NULL"
        ).bindparams(first=FIRST_ORGANISATION_ID)
    )
    op.create_index("ix_messages_organisation", "messages", ["organisation_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_messages_organisation", table_name="messages")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("sender")
        batch.drop_column("organisation_id")
