"""The expense API's request and response bodies (marshmallow, documented by flask-smorest)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from services.payments.expenses.domain.budget import MAX_BUDGET_PENCE
from services.payments.expenses.domain.expenses import CATEGORIES, MAX_LINES


class LineSchema(Schema):
    category = fields.String(required=True, metadata={"enum": list(CATEGORIES)})
    amount_pence = fields.Integer(strict=True, load_default=None, allow_none=True)
    miles = fields.Integer(strict=True, load_default=None, allow_none=True)
    prior_approval = fields.Boolean(load_default=False)
    note = fields.String(load_default="", validate=validate.Length(max=200))
    spent_on = fields.Date(load_default=None, allow_none=True)  # the day they travelled or paid


class ClaimSchema(Schema):
    booking_id = fields.UUID(required=True)
    lines = fields.List(
        fields.Nested(LineSchema), required=True, validate=validate.Length(min=1, max=MAX_LINES)
    )


class ClaimResponse(Schema):
    id = fields.String(required=True)
    entitlement_id = fields.String(required=True)
    participant_id = fields.String(required=True)
    activity_id = fields.String(required=True)
    booking_id = fields.String(required=True)
    total_pence = fields.Integer(required=True)
    status = fields.String(required=True)
    created_by = fields.String(required=True)
    created_at = fields.AwareDateTime(required=True)
    lines = fields.List(fields.Dict(), required=True)
    receipts = fields.List(fields.Dict(), required=True)


class ExpensePolicySchema(Schema):
    covered = fields.List(
        fields.String(validate=validate.OneOf(CATEGORIES)), load_default=list(CATEGORIES)
    )
    mileage_pence_per_mile = fields.Integer(
        strict=True, load_default=45, validate=validate.Range(min=0, max=100)
    )
    limits_pence = fields.Dict(
        keys=fields.String(validate=validate.OneOf(CATEGORIES)),
        values=fields.Integer(strict=True),
        load_default=dict,
    )


class ExpensePolicyResponse(ExpensePolicySchema):
    activity_id = fields.String(required=True)
    categories = fields.List(fields.String(), required=True)
    updated_by = fields.String(required=True)
    updated_at = fields.AwareDateTime(allow_none=True)


class BudgetRequest(Schema):
    budget_pence = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=MAX_BUDGET_PENCE)
    )


class BudgetResponse(BudgetRequest):
    activity_id = fields.String(required=True)
    spent_pence = fields.Integer(required=True)
    pending_pence = fields.Integer(required=True)
    remaining_pence = fields.Integer(required=True)
    percent_used = fields.Integer(required=True)
    warnings = fields.List(fields.Integer(), required=True)
    updated_by = fields.String(required=True)
    updated_at = fields.AwareDateTime(required=True)


class ExportQuery(Schema):
    from_ = fields.Date(required=True, data_key="from")
    to = fields.Date(required=True)
