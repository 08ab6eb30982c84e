"""Stripe's real failure events (partial reversals, a bank refusing a connected account's
payout), an append-only trail of staff-participant link changes, and staff's changes of where
someone is paid, waiting for a second person (issue #14)

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
    with op.batch_alter_table("payout_attempts") as batch:
        # What Stripe's transfer.reversed says has come back so far (cumulative, in pence).
        batch.add_column(
            sa.Column("amount_reversed", sa.Integer, nullable=False, server_default="0")
        )
        # Set while the person's bank refuses the connected account's payout (payout.failed).
        batch.add_column(sa.Column("bank_refused_code", sa.String(100), nullable=True))
    with op.batch_alter_table("stripe_accounts") as batch:
        batch.add_column(sa.Column("last_payout_paid_at", sa.DateTime(timezone=True)))
    op.create_table(
        "staff_link_changes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("staff_id", sa.String(36), nullable=False, index=True),
        sa.Column("participant_before", sa.String(36), nullable=True),
        sa.Column("participant_after", sa.String(36), nullable=True),
        sa.Column("changed_by", sa.String(36), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    _append_only("staff_link_changes")
    op.create_table(
        "payout_destination_changes",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("participant_id", sa.String(36), nullable=False, index=True),
        sa.Column("account_id", sa.String(80), nullable=False),
        sa.Column("proposed_by", sa.String(36), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_by", sa.String(36), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
    )


def _append_only(table: str) -> None:
    """As audit_log (0003): the database refuses to change or delete a row."""
    if op.get_bind().dialect.name == "postgresql":  # chorus_append_only() is 0003's
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION chorus_append_only()"
        )
        return
    for change in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {table}_no_{change.lower()} BEFORE {change} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        )


def downgrade() -> None:
    op.drop_table("payout_destination_changes")
    op.drop_table("staff_link_changes")
    with op.batch_alter_table("stripe_accounts") as batch:
        batch.drop_column("last_payout_paid_at")
    with op.batch_alter_table("payout_attempts") as batch:
        batch.drop_column("bank_refused_code")
        batch.drop_column("amount_reversed")
