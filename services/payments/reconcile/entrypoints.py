"""GET /api/payments/reconciliation?from=&to= (finance): our payouts against Stripe's transfers.
The same report from cron: services/payments/entrypoints/reconcile.py."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import Schema, ValidationError, fields, validates_schema

from services.payments.ports import TransferUncertain
from services.payments.reconcile.commands import Reconcile
from services.payments.web import bus
from shared.auth import require_staff
from shared.pages.formats import LONDON

reconcile_blp = Blueprint("reconciliation", __name__, description="Our payouts against Stripe's")
MAX_DAYS = 400


def uk_day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """[start of `first`, start of the day after `last`), UK days, in UTC."""
    start = datetime.combine(first, time(0), tzinfo=LONDON)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=LONDON)
    return start.astimezone(UTC), end.astimezone(UTC)


class PeriodQuery(Schema):
    from_ = fields.Date(required=True, data_key="from")
    to = fields.Date(required=True)

    @validates_schema
    def _sensible(self, data: dict[str, Any], **_: Any) -> None:
        if data["to"] < data["from_"]:
            raise ValidationError("`to` must not be before `from`.", "to")
        if (data["to"] - data["from_"]).days > MAX_DAYS:
            raise ValidationError(f"Reconcile at most {MAX_DAYS} days at a time.", "to")


@reconcile_blp.route("/api/payments/reconciliation")
class Reconciliation(MethodView):
    @require_staff("finance_approver", "admin")
    @reconcile_blp.arguments(PeriodQuery, location="query")
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Payouts Stripe made by our records (and the ledger) against Stripe's transfers."""
        try:
            report = bus().handle(Reconcile(*uk_day_bounds(query["from_"], query["to"])))
        except TransferUncertain:
            abort(503, message="Stripe cannot be reached just now. Try again later.")
        return jsonable(report)


def jsonable(report: dict[str, Any]) -> dict[str, Any]:
    return {**report, "since": report["since"].isoformat(), "until": report["until"].isoformat()}
