"""Payments' tables and their mapping onto the domain model. Money is integer pence."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)

from services.payments.domain.model import Entitlement
from services.payments.domain.payout import PayoutAttempt
from services.payments.domain.policy import PaymentPolicy
from shared.bus.tables import bus_metadata
from shared.db import UtcDateTime, imperative_mapper
from shared.staff_sessions import staff_sessions_metadata

metadata = MetaData()

payment_policies = Table(
    "payment_policies",
    metadata,
    Column("activity_id", String(36), primary_key=True),
    Column("rate_kind", String(10), nullable=False),
    Column("rate_pence", Integer, nullable=False),
    Column("preparation_minutes", Integer, nullable=False),
    Column("late_cancellation_pays", Boolean, nullable=False),
    Column("updated_by", String(36), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

entitlements = Table(
    "entitlements",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("participant_id", String(36), nullable=False, index=True),
    Column("activity_id", String(36), nullable=False),
    # One entitlement per booking, whatever the consumer's inbox lets through.
    Column("booking_id", String(36), nullable=True, unique=True),
    Column("amount_pence", Integer, nullable=False),
    Column("basis", String(200), nullable=False),
    Column("created_by", String(36), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("approved_by", String(36), nullable=True),
    Column("finance_approved_by", String(36), nullable=True),
    Column("approval_version", Integer, nullable=False),
    Column("rejection_reason", String(500), nullable=True),
)

payout_attempts = Table(
    "payout_attempts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("entitlement_id", String(36), nullable=False),
    Column("participant_id", String(36), nullable=False),
    Column("approval_version", Integer, nullable=False),
    Column("idempotency_key", String(100), nullable=False, unique=True),
    Column("amount_pence", Integer, nullable=False),
    Column("destination", String(80), nullable=False),
    Column("requested_by", String(36), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("status", String(10), nullable=False, index=True),
    Column("transfer_id", String(80), nullable=True, index=True),
    Column("failure_code", String(100), nullable=True),
    UniqueConstraint("entitlement_id", "approval_version", name="uq_payout_per_approval"),
)

stripe_accounts = Table(
    "stripe_accounts",
    metadata,
    Column("participant_id", String(36), primary_key=True),
    Column("account_id", String(80), nullable=False),
    Column("registered_by", String(36), nullable=False),
    Column("registered_at", UtcDateTime, nullable=False),
)

# Each Stripe event id is acted on once; Stripe retries deliveries for days.
stripe_events = Table(
    "stripe_events",
    metadata,
    Column("event_id", String(100), primary_key=True),
    Column("event_type", String(100), nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
)

stripe_webhook_rejections = Table(
    "stripe_webhook_rejections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("reason", String(200), nullable=False),
    Column("at", UtcDateTime, nullable=False),
)

# Append-only: inserted, never updated or deleted (the database refuses both; see 0003).
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entitlement_id", String(36), nullable=False, index=True),
    Column("action", String(30), nullable=False),
    Column("actor", String(36), nullable=False),
    Column("reason", String(500), nullable=True),
    Column("at", UtcDateTime, nullable=False),
)

ledger_entries = Table(
    "ledger_entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entitlement_id", String(36), nullable=False, index=True),
    Column("participant_id", String(36), nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("amount_pence", Integer, nullable=False),  # signed: + owed more, - owed less
    Column("reference", String(100), nullable=True),
    Column("at", UtcDateTime, nullable=False),
)

APPEND_ONLY = ("audit_log", "ledger_entries")

target_metadata = [metadata, bus_metadata, staff_sessions_metadata]

start_mappers = imperative_mapper(
    {PaymentPolicy: payment_policies, Entitlement: entitlements, PayoutAttempt: payout_attempts}
)
