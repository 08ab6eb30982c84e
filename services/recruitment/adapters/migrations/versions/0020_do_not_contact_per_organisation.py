"""participants.do_not_contact_in: the organisations whose do-not-contact list a person is on

A coordinator puts someone on their own organisation's list: it blocks that organisation's
invitations only, not another's. {organisation id: since (ISO time)}. The old, global
`do_not_contact` flag stays for those put on it before (they are withdrawn everywhere, as then).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.add_column(
            sa.Column("do_not_contact_in", sa.JSON, nullable=False, server_default="{}")
        )


def downgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("do_not_contact_in")
