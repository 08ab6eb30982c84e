"""Payments' tables for payout attempts, Stripe accounts and events, and changes of where
people are paid."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Integer, String, Table, UniqueConstraint, true

from services.payments.adapters.metadata import metadata
from shared.db import UtcDateTime

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
    Column("amount_reversed", Integer, nullable=False, server_default="0"),  # 0011
    Column("bank_refused_code", String(100), nullable=True),  # 0011: payout.failed
    UniqueConstraint("entitlement_id", "approval_version", name="uq_payout_per_approval"),
)

stripe_accounts = Table(
    "stripe_accounts",
    metadata,
    Column("participant_id", String(36), primary_key=True),
    Column("account_id", String(80), nullable=False, index=True),
    Column("registered_by", String(36), nullable=False),
    Column("registered_at", UtcDateTime, nullable=False),
    # Stripe's account.updated says when onboarding is done (0006); see domain/accounts.py.
    Column("payouts_enabled", Boolean, nullable=False, server_default=true()),
    Column("details_submitted", Boolean, nullable=True),
    Column("status_at", UtcDateTime, nullable=True),
    # 0011: the last payout.paid Stripe sent for this account; payouts since are not yet known.
    Column("last_payout_paid_at", UtcDateTime, nullable=True),
)

# An approved payout asked for before the person's account was ready to be paid (0006).
payout_waits = Table(
    "payout_waits",
    metadata,
    Column("entitlement_id", String(36), primary_key=True),
    Column("participant_id", String(36), nullable=False, index=True),
    Column("requested_by", String(36), nullable=False),
    Column("requested_at", UtcDateTime, nullable=False),
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

# Staff's changes of where someone is paid: proposed, then confirmed by a second person (0011).
payout_destination_changes = Table(
    "payout_destination_changes",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("participant_id", String(36), nullable=False, index=True),
    Column("account_id", String(80), nullable=False),
    Column("proposed_by", String(36), nullable=False),
    Column("proposed_at", UtcDateTime, nullable=False),
    Column("confirmed_by", String(36), nullable=True),
    Column("confirmed_at", UtcDateTime, nullable=True),
)
