"""Payments' tables, kept by feature (<feature>/adapters/tables.py) in one MetaData, and their
mapping onto the domain model. Money is integer pence."""

from __future__ import annotations

from services.payments.adapters.metadata import metadata
from services.payments.choices.adapters.tables import payment_choices
from services.payments.choices.domain.choice import PaymentChoice
from services.payments.destinations.domain import DestinationChange
from services.payments.entitlements.adapters.tables import (
    audit_log,
    entitlements,
    ledger_entries,
    payment_policies,
)
from services.payments.entitlements.domain.model import Entitlement
from services.payments.entitlements.domain.policy import PaymentPolicy
from services.payments.expenses.adapters.tables import (
    activity_budgets,
    expense_claims,
    expense_lines,
    expense_policies,
    expense_receipts,
)
from services.payments.payouts.adapters.tables import (
    payout_attempts,
    payout_destination_changes,
    payout_waits,
    stripe_accounts,
    stripe_events,
    stripe_webhook_rejections,
)
from services.payments.payouts.domain.payout import PayoutAttempt
from services.payments.people.adapters.tables import (
    activity_organisations,
    activity_titles,
    attendances,
    erased_participants,
    organisation_erasures,
    participant_names,
    staff_link_changes,
    staff_names,
    staff_participant_links,
)
from shared.bus.tables import bus_metadata
from shared.db import imperative_mapper
from shared.organisations import organisations_metadata
from shared.participant_sessions import participant_sessions_metadata
from shared.staff_sessions import staff_sessions_metadata
from shared.webhook_rejections import webhook_rejections_metadata

__all__ = [  # every table, for the adapters and tests that name them from here
    "activity_budgets",
    "activity_organisations",
    "activity_titles",
    "attendances",
    "audit_log",
    "entitlements",
    "erased_participants",
    "expense_claims",
    "expense_lines",
    "expense_policies",
    "expense_receipts",
    "ledger_entries",
    "metadata",
    "organisation_erasures",
    "participant_names",
    "payment_choices",
    "payment_policies",
    "payout_attempts",
    "payout_destination_changes",
    "payout_waits",
    "staff_link_changes",
    "staff_names",
    "staff_participant_links",
    "start_mappers",
    "stripe_accounts",
    "stripe_events",
    "stripe_webhook_rejections",
    "target_metadata",
]  # fmt: skip

APPEND_ONLY = ("audit_log", "ledger_entries", "staff_link_changes")

target_metadata = [
    metadata,
    bus_metadata,
    staff_sessions_metadata,
    participant_sessions_metadata,
    webhook_rejections_metadata,
    organisations_metadata,
]

start_mappers = imperative_mapper(
    {
        PaymentPolicy: payment_policies,
        Entitlement: entitlements,
        PayoutAttempt: payout_attempts,
        DestinationChange: payout_destination_changes,
        PaymentChoice: payment_choices,
    }
)
