"""Payments' tables and their mapping onto the domain model. Money is integer pence."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    true,
)

from services.payments.choices.domain.choice import PaymentChoice
from services.payments.destinations.domain import DestinationChange
from services.payments.entitlements.domain.model import Entitlement
from services.payments.entitlements.domain.policy import PaymentPolicy
from services.payments.payouts.domain.payout import PayoutAttempt
from shared.bus.tables import bus_metadata
from shared.db import UtcDateTime, imperative_mapper
from shared.participant_sessions import participant_sessions_metadata
from shared.staff_sessions import staff_sessions_metadata
from shared.webhook_rejections import webhook_rejections_metadata

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
    Column("expenses_covered", Boolean, nullable=False, server_default=true()),  # 0010
    Column("source", String(10), nullable=False, server_default="staff"),  # staff or offer
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
    Column("session_starts_at", UtcDateTime, nullable=True),  # 0007: None for hand-entered
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

APPEND_ONLY = ("audit_log", "ledger_entries", "staff_link_changes")

target_metadata = [
    metadata,
    bus_metadata,
    staff_sessions_metadata,
    participant_sessions_metadata,
    webhook_rejections_metadata,
]

start_mappers = imperative_mapper(
    {
        PaymentPolicy: payment_policies,
        Entitlement: entitlements,
        PayoutAttempt: payout_attempts,
        DestinationChange: payout_destination_changes,
    }
)

# Expense claims and budgets (migration 0004). Plain tables: adapters/expense_repository.py
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

# How each participant wants to be paid (bank, voucher or decline; 0005).
payment_choices = Table(
    "payment_choices",
    metadata,
    Column("participant_id", String(36), primary_key=True),
    Column("method", String(10), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

_start_core_mappers = start_mappers
_start_choice_mappers = imperative_mapper({PaymentChoice: payment_choices})


def start_mappers() -> None:
    _start_core_mappers()
    _start_choice_mappers()


# People who asked to be forgotten (0008): the bare id, so late events about them are ignored.
erased_participants = Table(
    "erased_participants",
    metadata,
    Column("participant_id", String(36), primary_key=True),
    Column("requested_at", UtcDateTime, nullable=False),
    Column("erased_at", UtcDateTime, nullable=False),
)

# A staff member who is also a participant (0009): set by an admin, or by themselves.
staff_participant_links = Table(
    "staff_participant_links",
    metadata,
    Column("staff_id", String(36), primary_key=True),
    Column("participant_id", String(36), nullable=False, index=True),
    Column("set_by", String(36), nullable=False),
    Column("set_at", UtcDateTime, nullable=False),
)

# Who linked whom, and who changed it (0011); names are read from the directory when shown.
staff_link_changes = Table(
    "staff_link_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("staff_id", String(36), nullable=False, index=True),
    Column("participant_before", String(36), nullable=True),
    Column("participant_after", String(36), nullable=True),
    Column("changed_by", String(36), nullable=False),
    Column("at", UtcDateTime, nullable=False),
)


# Every attendance recorded (0010), fee or no fee: an expenses-only activity pays no fee, and
# its expense claims still need to know the person was there.
attendances = Table(
    "attendances",
    metadata,
    Column("booking_id", String(36), primary_key=True),
    Column("participant_id", String(36), nullable=False, index=True),
    Column("activity_id", String(36), nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("session_starts_at", UtcDateTime, nullable=True),
    Column("recorded_at", UtcDateTime, nullable=False),
)

# What staff pages show instead of ids (0010), projected from recruitment's compacted topics.
activity_titles = Table(
    "activity_titles",
    metadata,
    Column("activity_id", String(36), primary_key=True),
    Column("title", String(120), nullable=False),
    Column("status", String(10), nullable=False),
    Column("changed_at", UtcDateTime, nullable=False),
)
# Staff eyes only; emptied by the recruitment.contact tombstone and by ErasureRequested.
participant_names = Table(
    "participant_names",
    metadata,
    Column("participant_id", String(36), primary_key=True),
    Column("preferred_name", String(100), nullable=False),
)
staff_names = Table(
    "staff_names",
    metadata,
    Column("staff_id", String(36), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("changed_at", UtcDateTime, nullable=False),
    # For staff sessions here (migration 0011; None until a profile carrying roles arrives).
    Column("roles", JSON, nullable=True),
)
