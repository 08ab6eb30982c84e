"""The shapes of payments' API requests and responses. Money is integer pence throughout."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from services.payments.entitlements.domain.policy import (
    MAX_PREPARATION_MINUTES,
    MAX_RATE_PENCE,
    RATE_KINDS,
)

STATUSES = (
    "pending", "awaiting_finance", "approved", "rejected", "paying", "paid", "failed", "voucher",
    "declined", "withdrawn",
)  # fmt: skip


class PolicyRequest(Schema):
    rate_kind = fields.String(required=True, validate=validate.OneOf(RATE_KINDS))
    rate_pence = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(min=0, max=MAX_RATE_PENCE),
        metadata={"description": "Pence per hour, session or day.", "example": 2500},
    )
    preparation_minutes = fields.Integer(
        load_default=0, strict=True, validate=validate.Range(min=0, max=MAX_PREPARATION_MINUTES)
    )
    late_cancellation_pays = fields.Boolean(load_default=False)
    expenses_covered = fields.Boolean(
        load_default=True, metadata={"description": "False: expense claims are refused."}
    )


class PolicyResponse(PolicyRequest):
    activity_id = fields.String(required=True)
    source = fields.String(
        required=True, metadata={"description": "staff (set here) or offer (the activity's)."}
    )
    updated_by = fields.String(required=True)
    updated_at = fields.AwareDateTime(required=True)


class EntitlementQuery(Schema):
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    participant_id = fields.UUID(load_default=None)


class AdjustmentRequest(Schema):
    participant_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    amount_pence = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=MAX_RATE_PENCE)
    )
    note = fields.String(required=True, validate=validate.Length(min=1, max=180))


class RejectRequest(Schema):
    reason = fields.String(
        required=True,
        validate=validate.Length(min=1, max=500),
        metadata={"description": "Written for the participant, who is told it."},
    )


class EntitlementResponse(Schema):
    id = fields.String(required=True)
    participant_id = fields.String(required=True)
    activity_id = fields.String(required=True)
    booking_id = fields.String(allow_none=True)
    amount_pence = fields.Integer(required=True)
    basis = fields.String(required=True)
    status = fields.String(required=True)
    created_by = fields.String(required=True)
    created_at = fields.AwareDateTime(required=True)
    approved_by = fields.String(allow_none=True)
    finance_approved_by = fields.String(allow_none=True)
    approval_version = fields.Integer(required=True)
    rejection_reason = fields.String(allow_none=True)


class PayoutResponse(Schema):
    entitlement_id = fields.String(required=True)
    status = fields.String(
        required=True,
        metadata={"description": "started (Stripe not yet answered), sent, paid or failed"},
    )


class StaffLinkChange(Schema):
    participant_before = fields.String(allow_none=True)
    participant_before_name = fields.String(allow_none=True)
    participant_after = fields.String(allow_none=True)
    participant_after_name = fields.String(allow_none=True)
    changed_by = fields.String()
    changed_by_name = fields.String(allow_none=True)
    at = fields.DateTime()


class StaffLinkResponse(Schema):
    staff_id = fields.String()
    staff_name = fields.String(allow_none=True)
    participant_id = fields.String(allow_none=True)
    participant_name = fields.String(allow_none=True)
    changes = fields.List(fields.Nested(StaffLinkChange))


class DestinationChangeResponse(Schema):
    change_id = fields.String()
    status = fields.String(metadata={"example": "waiting_for_a_second_person"})


class StripeAccountRequest(Schema):
    account_id = fields.String(
        required=True,
        validate=validate.Regexp(r"^acct_[A-Za-z0-9]{1,60}$"),
        metadata={"example": "acct_1A2b3C"},
    )


class StaffLinkRequest(Schema):
    participant_id = fields.UUID(
        required=True, metadata={"description": "The participant this staff member also is."}
    )
