"""activity_organisations: whose each activity is (ActivityPublished's organisation_id), so
staff see only their organisation's payments. Every activity payments already knows of, from
any table, is the first organisation's.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

# Every table whose rows hang on an activity.
KNOWN = ("activity_titles", "payment_policies", "expense_policies", "activity_budgets",
         "entitlements", "expense_claims", "attendances")  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "activity_organisations",
        sa.Column("activity_id", sa.String(36), primary_key=True),
        sa.Column("organisation_id", sa.String(36), nullable=False, index=True),
    )
    known = " UNION ".join(f"SELECT activity_id FROM {table}" for table in KNOWN)
    op.execute(
        sa.text(
            "INSERT INTO activity_organisations (activity_id, organisation_id) "
            f"SELECT activity_id, :first FROM ({known}) AS known"
        ).bindparams(first=FIRST_ORGANISATION_ID)
    )


def downgrade() -> None:
    op.drop_table("activity_organisations")
