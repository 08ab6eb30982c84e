"""organisation scoping: activity_organisations (activity -> organisation, from recruitment's
ActivityPublished) and sessions.organisation_id and polls.organisation_id. Everything here
before organisations is the first organisation's.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

OWNED = ("sessions", "polls")


def upgrade() -> None:
    op.create_table(
        "activity_organisations",
        sa.Column("activity_id", sa.String(36), primary_key=True),
        sa.Column("organisation_id", sa.String(36), nullable=False),
    )
    op.execute(
        sa.text(
            "INSERT INTO activity_organisations (activity_id, organisation_id) "
            "SELECT activity_id, :first FROM sessions UNION SELECT activity_id, :first FROM polls"
        ).bindparams(first=FIRST_ORGANISATION_ID)
    )
    for table in OWNED:
        # A plain ADD COLUMN with a default fills the existing rows. SQLite keeps the default:
        # dropping it would rebuild the table (and drop the triggers and keys that lean on
        # it); the application always sets the column anyway.
        op.add_column(
            table,
            sa.Column(
                "organisation_id",
                sa.String(36),
                nullable=False,
                server_default=FIRST_ORGANISATION_ID,
            ),
        )
        if op.get_bind().dialect.name == "postgresql":
            op.alter_column(table, "organisation_id", server_default=None)
        op.create_index(f"ix_{table}_organisation_id", table, ["organisation_id"])


def downgrade() -> None:
    for table in OWNED:
        op.drop_index(f"ix_{table}_organisation_id", table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("organisation_id")
    op.drop_table("activity_organisations")
