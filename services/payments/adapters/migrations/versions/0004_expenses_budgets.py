"""expense policies, expense claims with their lines and receipts, activity budgets

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _id(name: str, **kw: object) -> sa.Column:
    return sa.Column(name, sa.String(36), **kw)  # type: ignore[arg-type]


def _at(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def _limit(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer, nullable=True)


def upgrade() -> None:
    op.create_table(
        "expense_policies",
        _id("activity_id", primary_key=True),
        sa.Column("covered", sa.String(200), nullable=False),
        sa.Column("mileage_pence_per_mile", sa.Integer, nullable=False),
        _limit("parking_limit_pence"),
        _limit("care_cover_limit_pence"),
        _limit("data_device_limit_pence"),
        _limit("overnight_limit_pence"),
        _limit("public_transport_limit_pence"),
        _limit("taxi_limit_pence"),
        _id("updated_by", nullable=False),
        _at("updated_at"),
    )
    op.create_table(
        "expense_claims",
        _id("id", primary_key=True),
        _id("entitlement_id", nullable=False, unique=True),
        _id("participant_id", nullable=False, index=True),
        _id("activity_id", nullable=False, index=True),
        _id("booking_id", nullable=False, unique=True),  # one claim per session attended
        sa.Column("total_pence", sa.Integer, nullable=False),
        _id("created_by", nullable=False),
        _at("created_at"),
    )
    op.create_table(
        "expense_lines",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _id("claim_id", nullable=False, index=True),
        sa.Column("category", sa.String(30), nullable=False),
        sa.Column("amount_pence", sa.Integer, nullable=False),
        sa.Column("miles", sa.Integer, nullable=True),
        sa.Column("prior_approval", sa.Boolean, nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
    )
    op.create_table(
        "expense_receipts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _id("claim_id", nullable=False, index=True),
        sa.Column("sha256", sa.String(64), nullable=False, index=True),
        sa.Column("content_type", sa.String(40), nullable=False),
        sa.Column("size_bytes", sa.Integer, nullable=False),
    )
    op.create_table(
        "activity_budgets",
        _id("activity_id", primary_key=True),
        sa.Column("budget_pence", sa.Integer, nullable=False),
        sa.Column("warned_80", sa.Boolean, nullable=False),
        sa.Column("warned_100", sa.Boolean, nullable=False),
        _id("updated_by", nullable=False),
        _at("updated_at"),
    )


def downgrade() -> None:
    for table in (
        "activity_budgets", "expense_receipts", "expense_lines", "expense_claims",
        "expense_policies",
    ):  # fmt: skip
        op.drop_table(table)
