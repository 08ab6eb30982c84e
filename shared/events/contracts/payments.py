"""The events payments publishes (topics payments.*): what people are owed, approvals, payouts,
bank details, expense claims, budget warnings and staff tasks. Ids and integer pence only."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from shared.events.contracts.staff_tasks import StaffTaskV1
from shared.events.registry import event
from shared.vocabulary.payments import BUDGET_THRESHOLDS, EXPENSE_CATEGORIES, PAYOUT_CHOICES


# Payments (topic payments.payout, keyed by participant id): ids, amounts in integer pence, facts.
@event("EntitlementCreated", 1, topic="payments.payout")
class EntitlementCreatedV1(Schema):
    """Someone is owed money: attendance earned it, or a coordinator entered it."""

    entitlement_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    booking_id = fields.UUID(load_default=None, allow_none=True)  # None: entered by hand
    amount_pence = fields.Integer(required=True, validate=validate.Range(min=1))
    created_at = fields.AwareDateTime(required=True)
    # Added within v1: when the session it pays for started (None: entered by hand, or older).
    session_starts_at = fields.AwareDateTime(load_default=None, allow_none=True)


@event("ClaimApproved", 1, topic="payments.payout")
class ClaimApprovedV1(Schema):
    """Every approval the claim needed was given (four eyes above the finance threshold)."""

    entitlement_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    amount_pence = fields.Integer(required=True, validate=validate.Range(min=1))
    approval_version = fields.Integer(required=True, validate=validate.Range(min=1))
    approved_at = fields.AwareDateTime(required=True)
    # Added within v1: how it will reach them (None: they have not chosen yet).
    choice = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(PAYOUT_CHOICES)
    )
    # Added within v1: the session the fee is for, so the message can name its day.
    session_starts_at = fields.AwareDateTime(load_default=None, allow_none=True)
    # Added within v1: a fee for part of a session (from the register, amount unchanged), so the
    # message can say why it is less ("45 of 60 minutes"); None otherwise.
    minutes_attended = fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(min=1)
    )
    session_minutes = fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(min=1)
    )


@event("ClaimRejected", 1, topic="payments.payout")
class ClaimRejectedV1(Schema):
    """`reason` is written for the participant, who is told it."""

    entitlement_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))
    rejected_at = fields.AwareDateTime(required=True)


@event("PayoutSent", 1, topic="payments.payout")
class PayoutSentV1(Schema):
    """Stripe made the transfer to the participant's connected account."""

    payout_id = fields.UUID(required=True)
    entitlement_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    amount_pence = fields.Integer(required=True, validate=validate.Range(min=1))
    transfer_id = fields.String(required=True, validate=validate.Length(min=1, max=80))
    sent_at = fields.AwareDateTime(required=True)


@event("PayoutFailed", 1, topic="payments.payout")
class PayoutFailedV1(Schema):
    """Stripe refused or reversed the transfer; `reason_code` is Stripe's code or event type."""

    payout_id = fields.UUID(required=True)
    entitlement_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    amount_pence = fields.Integer(required=True, validate=validate.Range(min=1))
    reason_code = fields.String(required=True, validate=validate.Length(min=1, max=100))
    failed_at = fields.AwareDateTime(required=True)


@event("BankDetailsRequested", 1, topic="payments.payout")
class BankDetailsRequestedV1(Schema):
    """They chose to be paid by bank transfer: send them to /pay/bank to give Stripe their
    details. Ids only; the Stripe onboarding link is made fresh on that page, never sent."""

    participant_id = fields.UUID(required=True)
    requested_at = fields.AwareDateTime(required=True)


@event("BankPayoutRefused", 1, topic="payments.payout")
class BankPayoutRefusedV1(Schema):
    """Their bank refused a payout from their Stripe connected account (Stripe's payout.failed,
    a Connect event): ask them for new bank details on /pay/bank. The money waits in that
    account; `failure_code` is Stripe's (e.g. account_closed), never their bank details."""

    participant_id = fields.UUID(required=True)
    amount_pence = fields.Integer(required=True, validate=validate.Range(min=1))
    failure_code = fields.String(required=True, validate=validate.Length(min=1, max=100))
    refused_at = fields.AwareDateTime(required=True)


@event("PayoutDestinationProposed", 1, topic="payments.payout")
class PayoutDestinationProposedV1(Schema):
    """Staff asked to change where this participant is paid; it waits for a second person.
    They are told at once, so a change they did not ask for is seen. No account ids."""

    participant_id = fields.UUID(required=True)
    proposed_at = fields.AwareDateTime(required=True)


# Payments: expense claims (topic payments.payout, keyed by participant id) and budget warnings
# (topic payments.budget, keyed by activity id). Ids, categories and integer pence only.
@event("ClaimSubmitted", 1, topic="payments.payout")
class ClaimSubmittedV1(Schema):
    """An expense claim for a session attended, now an entitlement awaiting approval."""

    claim_id = fields.UUID(required=True)
    entitlement_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    booking_id = fields.UUID(required=True)
    amount_pence = fields.Integer(required=True, validate=validate.Range(min=1))
    categories = fields.List(
        fields.String(validate=validate.OneOf(EXPENSE_CATEGORIES)), required=True
    )
    receipt_count = fields.Integer(required=True, validate=validate.Range(min=0))
    by_participant = fields.Boolean(required=True)  # False: a coordinator entered it for them
    submitted_at = fields.AwareDateTime(required=True)


@event("BudgetWarning", 1, topic="payments.budget")
class BudgetWarningV1(Schema):
    """Approved spend reached 80% or 100% of the activity's budget (each announced once)."""

    activity_id = fields.UUID(required=True)
    threshold_percent = fields.Integer(required=True, validate=validate.OneOf(BUDGET_THRESHOLDS))
    budget_pence = fields.Integer(required=True, validate=validate.Range(min=1))
    spent_pence = fields.Integer(required=True, validate=validate.Range(min=0))
    at = fields.AwareDateTime(required=True)


PaymentsStaffTaskV1 = event("PaymentsStaffTask", 1, topic="payments.staff-task")(
    type("PaymentsStaffTaskV1", (StaffTaskV1,), {"__doc__": "A payments task for staff."})
)
