"""Payments' tables for expense claims and budgets (migration 0004). Plain tables:
adapters/repository.py reads and writes them; receipts themselves are files named by their
SHA-256 (receipts.py)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, Integer, String, Table

from services.payments.adapters.metadata import metadata
from shared.db import UtcDateTime

# Expense claims and budgets (migration 0004). Plain tables: expenses/adapters/repository.py
# reads and writes them; receipts themselves are files named by their SHA-256 (receipts.py).
expense_policies = Table(
    "expense_policies",
    metadata,
    Column("activity_id", String(36), primary_key=True),
    Column("covered", String(200), nullable=False),  # comma-separated categories
    Column("mileage_pence_per_mile", Integer, nullable=False),
    Column("parking_limit_pence", Integer, nullable=True),
    Column("care_cover_limit_pence", Integer, nullable=True),
    Column("data_device_limit_pence", Integer, nullable=True),
    Column("overnight_limit_pence", Integer, nullable=True),
    Column("public_transport_limit_pence", Integer, nullable=True),
    Column("taxi_limit_pence", Integer, nullable=True),
    Column("updated_by", String(36), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

expense_claims = Table(
    "expense_claims",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("entitlement_id", String(36), nullable=False, unique=True),
    Column("participant_id", String(36), nullable=False, index=True),
    Column("activity_id", String(36), nullable=False, index=True),
    Column("booking_id", String(36), nullable=False, unique=True),
    Column("total_pence", Integer, nullable=False),
    Column("created_by", String(36), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

expense_lines = Table(
    "expense_lines",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("claim_id", String(36), nullable=False, index=True),
    Column("category", String(30), nullable=False),
    Column("amount_pence", Integer, nullable=False),
    Column("miles", Integer, nullable=True),
    Column("prior_approval", Boolean, nullable=False),
    Column("note", String(200), nullable=False),
    Column("spent_on", Date, nullable=True),  # 0007: the day they travelled or paid
)

expense_receipts = Table(
    "expense_receipts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("claim_id", String(36), nullable=False, index=True),
    Column("sha256", String(64), nullable=False, index=True),
    Column("content_type", String(40), nullable=False),
    Column("size_bytes", Integer, nullable=False),
)

activity_budgets = Table(
    "activity_budgets",
    metadata,
    Column("activity_id", String(36), primary_key=True),
    Column("budget_pence", Integer, nullable=False),
    Column("warned_80", Boolean, nullable=False),
    Column("warned_100", Boolean, nullable=False),
    Column("updated_by", String(36), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)
