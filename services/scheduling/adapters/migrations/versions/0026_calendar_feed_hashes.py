"""calendar_feeds keeps only a hash of each secret, and one feed per staff member and
organisation (not one per staff member, which let a feed made in one organisation end the
other's). Existing secrets are hashed in place, so the addresses people hold keep working.

Revision ID: 0026
Revises: 0025 (0024 is another branch's number: re-chained at merge)
Create Date: 2026-12-07
"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A new table, filled from the old, then put in its place: the plain secrets go with the
    # old table (no copy left in a dropped column), on SQLite and PostgreSQL alike.
    op.create_table(
        "calendar_feeds_hashed",
        sa.Column("staff_id", sa.String(36), primary_key=True),
        sa.Column("organisation_id", sa.String(36), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.execute(
        "INSERT INTO calendar_feeds_hashed (staff_id, organisation_id, token_hash, made_at) "
        "SELECT staff_id, organisation_id, token, made_at FROM calendar_feeds"
    )
    # Each secret becomes its hash in the same transaction (a 43-character secret never
    # collides with a 64-character hash, so the unique column holds throughout).
    hashed = sa.table(
        "calendar_feeds_hashed",
        sa.column("staff_id", sa.String),
        sa.column("token_hash", sa.String),
    )
    bind = op.get_bind()
    for staff_id, token in bind.execute(sa.select(hashed.c.staff_id, hashed.c.token_hash)).all():
        digest = hashlib.sha256(token.encode()).hexdigest()
        bind.execute(hashed.update().where(hashed.c.staff_id == staff_id).values(token_hash=digest))
    op.drop_table("calendar_feeds")
    op.rename_table("calendar_feeds_hashed", "calendar_feeds")


def downgrade() -> None:
    # The secrets cannot come back from their hashes: every feed is made again by its holder.
    op.drop_table("calendar_feeds")
    op.create_table(
        "calendar_feeds",
        sa.Column("staff_id", sa.String(36), primary_key=True),
        sa.Column("organisation_id", sa.String(36), nullable=False),
        sa.Column("token", sa.String(64), nullable=False, unique=True),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
    )
