"""Payments' message tables: each command's one handler, and what each consumed event becomes.

Read top to bottom, this is everything payments does: what staff, participants and Stripe ask
(commands from the web), what the consumer hears (events, turned into commands at the edge),
and what its sweeps do between polls.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.payments.choices import service_layer as choices
from services.payments.choices.commands import Choose, LinkBank
from services.payments.console import service_layer as console
from services.payments.destinations import service_layer as destinations
from services.payments.destinations.commands import ConfirmDestination, ProposeDestination
from services.payments.entitlements import service_layer as entitlements
from services.payments.entitlements.commands import (
    AddAdjustment,
    Approve,
    ChangeAmount,
    LinkStaff,
    RecordAttendance,
    Reject,
    RequestPayout,
    SetPolicy,
)
from services.payments.entitlements.entrypoints.consumed import attendance_recorded
from services.payments.expenses.commands import SetBudget, SetExpensePolicy, SubmitClaim
from services.payments.expenses.service_layer import expenses
from services.payments.organisations import entrypoints as organisation_events
from services.payments.organisations import service_layer as organisations
from services.payments.organisations.commands import NoteOrganisation
from services.payments.payouts.commands import (
    PayWaiting,
    RefuseWebhook,
    ResumeStarted,
    RetryPayout,
    StripeNotice,
    UpdateAccount,
)
from services.payments.payouts.service_layer import onboarding, payouts, stripe_events
from services.payments.people import entrypoints as recruitment_events
from services.payments.people.commands import (
    Forget,
    ForgetContact,
    ForgetInOrganisation,
    NoteActivity,
    NoteContact,
    NoteStaff,
)
from services.payments.people.service_layer import erasure, projections
from services.payments.reconcile import service_layer as reconciliation
from services.payments.reconcile.commands import Reconcile

COMMAND_HANDLERS: dict[type, Callable[..., Any]] = {
    # Policies, claims and their four-eyes approval (staff).
    SetPolicy: entitlements.set_policy,
    AddAdjustment: entitlements.add_adjustment,
    Approve: entitlements.approve,
    ChangeAmount: entitlements.change_amount,
    Reject: entitlements.reject,
    LinkStaff: entitlements.link,
    # Paying: the way the participant chose; Stripe's news of it.
    RequestPayout: choices.pay,
    RetryPayout: console.retry,
    StripeNotice: stripe_events.handle,
    RefuseWebhook: stripe_events.refuse,
    UpdateAccount: onboarding.update_account,
    # How a participant wants to be paid, and where staff say they are paid.
    Choose: choices.choose_method,
    LinkBank: choices.link_bank,
    ProposeDestination: destinations.propose_change,
    ConfirmDestination: destinations.confirm_change,
    # Expenses: claims with receipts, what an activity covers, its budget.
    SubmitClaim: expenses.claim_expenses,
    SetExpensePolicy: expenses.set_expense_policy,
    SetBudget: expenses.change_budget,
    # Finance: our payouts against Stripe's transfers (a report; nothing changes).
    Reconcile: reconciliation.reconcile_period,
    # From the consumer: other services' events, as commands (FROM_EVENTS below).
    RecordAttendance: entitlements.record_attendance,
    NoteActivity: projections.activity_published,
    NoteContact: projections.contact_changed,
    ForgetContact: projections.contact_forgotten,
    NoteStaff: projections.staff_profile_changed,
    NoteOrganisation: organisations.organisation_changed,
    Forget: erasure.forget,
    ForgetInOrganisation: erasure.forget_in_organisation,
    # The consumer's sweeps between polls.
    ResumeStarted: payouts.resume,
    PayWaiting: onboarding.pay_ready,
}
# Payments reacts to no events of its own: what it publishes is for the other services.
EVENT_HANDLERS: dict[type, list[Callable[..., Any]]] = {}

# Consumed event type -> the command built from its loaded payload.
FROM_EVENTS: dict[str, Callable[[dict[str, Any]], object]] = {
    "AttendanceRecorded": attendance_recorded,
    "ActivityPublished": recruitment_events.activity_published,
    "ContactDetailsChanged": recruitment_events.contact_changed,
    "StaffProfileChanged": recruitment_events.staff_profile_changed,
    "OrganisationChanged": organisation_events.organisation_changed,
    "ErasureRequested": recruitment_events.erasure_requested,
    "ErasureFromOrganisationRequested": recruitment_events.erasure_from_organisation_requested,
}
