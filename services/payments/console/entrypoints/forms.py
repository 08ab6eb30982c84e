"""The staff console's forms as marshmallow schemas: a decision (only the CSRF token), a
rejection's reason, and whose expenses a coordinator is entering."""

from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, Schema, fields, pre_load, validate

from services.payments.entitlements.domain.model import MAX_CHANGE_REASON_LENGTH, MAX_REASON_LENGTH
from services.payments.expenses.entrypoints.forms import Pounds, _n


class DecisionForm(Schema):
    """Approve, pay and try again carry nothing but the CSRF token (checked by Flask-WTF)."""

    class Meta:
        unknown = EXCLUDE


class RejectForm(Schema):
    class Meta:
        unknown = EXCLUDE

    reason = fields.String(
        required=True,
        validate=validate.Length(
            min=1,
            max=MAX_REASON_LENGTH,
            error=_n("Say why in 500 characters or fewer."),
        ),
        error_messages={"required": _n("Say why you are not approving it. They will see this.")},
    )

    @pre_load
    def _strip(self, data: Any, **_: Any) -> dict[str, Any]:
        reason = str(data.get("reason", "")).strip()
        return {"reason": reason} if reason else {}


class ParticipantForm(Schema):
    """Whose claim: the participant chosen by name (their id is the option's value)."""

    class Meta:
        unknown = EXCLUDE

    participant = fields.UUID(
        required=True,
        error_messages={
            "required": _n("Choose who you are entering expenses for."),
            "invalid_uuid": _n("Choose who you are entering expenses for."),
        },
    )

    @pre_load
    def _strip(self, data: Any, **_: Any) -> dict[str, Any]:
        value = str(data.get("participant", "")).strip()
        return {"participant": value} if value else {}


class AmountForm(Schema):
    """A fee's new amount (pounds and pence) and why, before anyone approves it."""

    class Meta:
        unknown = EXCLUDE

    amount = Pounds(
        required=True, error_messages={"required": _n("Enter the new amount, like 18.75.")}
    )
    amount_reason = fields.String(
        required=True,
        validate=validate.Length(
            min=1, max=MAX_CHANGE_REASON_LENGTH, error=_n("Say why in 400 characters or fewer.")
        ),
        error_messages={"required": _n("Say why you are changing the amount.")},
    )

    @pre_load
    def _strip(self, data: Any, **_: Any) -> dict[str, Any]:
        found = {k: str(data.get(k, "")).strip() for k in ("amount", "amount_reason")}
        return {k: v for k, v in found.items() if v}
