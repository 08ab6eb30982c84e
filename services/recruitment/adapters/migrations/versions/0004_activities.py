"""activities, channels, expressions of interest, richer profiles, consent records

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "activities",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("purpose", sa.String(2000), nullable=False),
        sa.Column("approach", sa.String(20), nullable=False),
        sa.Column("formats", sa.JSON, nullable=False),
        sa.Column("audience", sa.JSON, nullable=False),
        sa.Column("offer", sa.JSON, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_by", sa.String(36), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "channels",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("activity_id", sa.String(36), nullable=False, index=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("code", sa.String(12), nullable=False, unique=True),
        sa.Column("partner", sa.String(100), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "expressions_of_interest",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("participant_id", sa.String(36), nullable=False, index=True),
        sa.Column("activity_id", sa.String(36), nullable=False, index=True),
        sa.Column("channel_id", sa.String(36), nullable=True),
        sa.Column("channel_kind", sa.String(20), nullable=False),
        sa.Column("partner", sa.String(100), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("took_part_at", TZ, nullable=True),
        sa.UniqueConstraint("participant_id", "activity_id", name="uq_interest_once"),
    )
    op.create_table(
        "consent_records",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("participant_id", sa.String(36), nullable=False, index=True),
        sa.Column("scope", sa.String(20), nullable=False),
        sa.Column("version", sa.String(30), nullable=False),
        sa.Column("channel", sa.String(30), nullable=False),
        sa.Column("given_at", TZ, nullable=False),
        sa.Column("withdrawn_at", TZ, nullable=True),
    )
    op.create_table(
        "invitations",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("activity_id", sa.String(36), nullable=False, index=True),
        sa.Column("participant_id", sa.String(36), nullable=False, index=True),
        sa.Column("wave", sa.Integer, nullable=False),
        sa.Column("due_at", TZ, nullable=False, index=True),
        sa.Column("respond_by", TZ, nullable=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("reason", sa.String(20), nullable=True),
        sa.Column("sent_at", TZ, nullable=True),
    )
    with op.batch_alter_table("participants") as batch:
        batch.add_column(
            sa.Column("do_not_contact", sa.Boolean, nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("postcode", sa.String(8), nullable=True))
        batch.add_column(sa.Column("age_band", sa.String(8), nullable=True))
        batch.add_column(sa.Column("support_needs", sa.JSON, nullable=False, server_default="[]"))
        batch.add_column(sa.Column("interpreter_language", sa.String(40), nullable=True))
        batch.add_column(sa.Column("availability", sa.JSON, nullable=False, server_default="[]"))
        batch.add_column(sa.Column("interests", sa.JSON, nullable=False, server_default="[]"))
        # Health conditions and lived experience: special-category data, kept only while the
        # person's explicit consent for it stands.
        batch.add_column(sa.Column("health_tags", sa.JSON, nullable=False, server_default="[]"))
        batch.add_column(sa.Column("withdrawn_at", TZ, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        for column in (
            "do_not_contact",
            "withdrawn_at",
            "health_tags",
            "interests",
            "availability",
            "interpreter_language",
            "support_needs",
            "age_band",
            "postcode",
        ):
            batch.drop_column(column)
    for table in (
        "invitations",
        "consent_records",
        "expressions_of_interest",
        "channels",
        "activities",
    ):
        op.drop_table(table)
