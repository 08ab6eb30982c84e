"""equality_answers.organisation_id: a person answers the equality questions for each organisation

Each organisation is its own data controller, and equality answers are special category data:
one organisation's answers are not another's. The key becomes (participant_id,
organisation_id). Every answer given before organisations was given to the first organisation.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04
"""

import warnings

import sqlalchemy as sa
from alembic import op

from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("equality_answers") as batch:
        batch.add_column(sa.Column("organisation_id", sa.String(36), nullable=True))
    op.execute(
        sa.text("UPDATE equality_answers SET organisation_id = :first").bindparams(
            first=FIRST_ORGANISATION_ID
        )
    )
    # Rebuilt (on PostgreSQL too) so the primary key can take the second column; SQLAlchemy
    # warns that the copied participant_id column was the whole key, which is the point.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Table '_alembic_tmp_equality_answers' specifies")
        with op.batch_alter_table("equality_answers", recreate="always") as batch:
            batch.alter_column("organisation_id", existing_type=sa.String(36), nullable=False)
            batch.create_primary_key("equality_answers_pkey", ["participant_id", "organisation_id"])


def downgrade() -> None:
    # Back to one row per person: the first organisation's answers are the ones kept.
    op.execute(
        sa.text("DELETE FROM equality_answers WHERE organisation_id != :first").bindparams(
            first=FIRST_ORGANISATION_ID
        )
    )
    with op.batch_alter_table("equality_answers", recreate="always") as batch:
        batch.create_primary_key("equality_answers_pkey", ["participant_id"])
        batch.drop_column("organisation_id")
