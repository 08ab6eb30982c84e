"""payment policies, entitlements, payout attempts, Stripe events, audit log and ledger

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

APPEND_ONLY = ("audit_log", "ledger_entries")
REFUSE_CHANGES = """
CREATE OR REPLACE FUNCTION chorus_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql
"""


def _id(name: str, **kw: object) -> sa.Column:
    return sa.Column(name, sa.String(36), **kw)  # type: ignore[arg-type]


def _at(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "payment_policies",
        _id("activity_id", primary_key=True),
        sa.Column("rate_kind", sa.String(10), nullable=False),
        sa.Column("rate_pence", sa.Integer, nullable=False),
        sa.Column("preparation_minutes", sa.Integer, nullable=False),
        sa.Column("late_cancellation_pays", sa.Boolean, nullable=False),
        _id("updated_by", nullable=False),
        _at("updated_at"),
    )
    op.create_table(
        "entitlements",
        _id("id", primary_key=True),
        _id("participant_id", nullable=False, index=True),
        _id("activity_id", nullable=False),
        _id("booking_id", nullable=True, unique=True),
        sa.Column("amount_pence", sa.Integer, nullable=False),
        sa.Column("basis", sa.String(200), nullable=False),
        _id("created_by", nullable=False),
        _at("created_at"),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        _id("approved_by", nullable=True),
        _id("finance_approved_by", nullable=True),
        sa.Column("approval_version", sa.Integer, nullable=False),
        sa.Column("rejection_reason", sa.String(500), nullable=True),
    )
    op.create_table(
        "payout_attempts",
        _id("id", primary_key=True),
        _id("entitlement_id", nullable=False),
        _id("participant_id", nullable=False),
        sa.Column("approval_version", sa.Integer, nullable=False),
        sa.Column("idempotency_key", sa.String(100), nullable=False, unique=True),
        sa.Column("amount_pence", sa.Integer, nullable=False),
        sa.Column("destination", sa.String(80), nullable=False),
        _id("requested_by", nullable=False),
        _at("created_at"),
        _at("updated_at"),
        sa.Column("status", sa.String(10), nullable=False, index=True),
        sa.Column("transfer_id", sa.String(80), nullable=True, index=True),
        sa.Column("failure_code", sa.String(100), nullable=True),
        sa.UniqueConstraint("entitlement_id", "approval_version", name="uq_payout_per_approval"),
    )
    op.create_table(
        "stripe_accounts",
        _id("participant_id", primary_key=True),
        sa.Column("account_id", sa.String(80), nullable=False),
        _id("registered_by", nullable=False),
        _at("registered_at"),
    )
    op.create_table(
        "stripe_events",
        sa.Column("event_id", sa.String(100), primary_key=True),
        sa.Column("event_type", sa.String(100), nullable=False),
        _at("received_at"),
    )
    op.create_table(
        "stripe_webhook_rejections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("reason", sa.String(200), nullable=False),
        _at("at"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _id("entitlement_id", nullable=False, index=True),
        sa.Column("action", sa.String(30), nullable=False),
        _id("actor", nullable=False),
        sa.Column("reason", sa.String(500), nullable=True),
        _at("at"),
    )
    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _id("entitlement_id", nullable=False, index=True),
        _id("participant_id", nullable=False, index=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("amount_pence", sa.Integer, nullable=False),
        sa.Column("reference", sa.String(100), nullable=True),
        _at("at"),
    )
    _append_only(op.get_bind().dialect.name)


def _append_only(dialect: str) -> None:
    """The database itself refuses to change or delete audit and ledger rows."""
    for table in APPEND_ONLY:
        if dialect == "postgresql":
            op.execute(REFUSE_CHANGES)
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION chorus_append_only()"
            )
        elif dialect == "sqlite":
            for change in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{change.lower()} BEFORE {change} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )


def downgrade() -> None:
    for table in ("ledger_entries", "audit_log", "stripe_webhook_rejections", "stripe_events"):
        op.drop_table(table)
    for table in ("stripe_accounts", "payout_attempts", "entitlements", "payment_policies"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS chorus_append_only()")
