"""The reconciliation job, for finance and for cron:

    python -m services.payments.entrypoints.reconcile [--days 7 | --from 2026-11-01 --to 2026-11-30]

prints the report as JSON and exits 1 when our records and Stripe's differ (0 when they agree,
2 when Stripe cannot be reached). Also GET /api/payments/reconciliation?from=&to= (finance)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import Schema, ValidationError, fields, validates_schema

from services.payments.bootstrap import uow_factory
from services.payments.config import load_settings as payments_settings
from services.payments.payouts.adapters.stripe_transfers import StripeTransfers
from services.payments.ports import TransferUncertain
from services.payments.reconcile.service_layer import reconcile
from shared.auth import require_staff
from shared.db import make_engine
from shared.pages.formats import LONDON
from shared.web import unit_of_work

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
        stripe = current_app.extensions["chorus.transfers"]()
        try:
            report = reconcile(*uk_day_bounds(query["from_"], query["to"]), unit_of_work(), stripe)
        except TransferUncertain:
            abort(503, message="Stripe cannot be reached just now. Try again later.")
        return _jsonable(report)


def _jsonable(report: dict[str, Any]) -> dict[str, Any]:
    return {**report, "since": report["since"].isoformat(), "until": report["until"].isoformat()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=7, help="the last N UK days, up to today")
    parser.add_argument("--from", dest="first", type=date.fromisoformat)
    parser.add_argument("--to", dest="last", type=date.fromisoformat)
    args = parser.parse_args(argv)
    today = datetime.now(LONDON).date()
    first, last = args.first or today - timedelta(days=args.days - 1), args.last or today
    settings = payments_settings()
    try:
        report = reconcile(
            *uk_day_bounds(first, last),
            uow_factory(make_engine(settings.database_url))(),
            StripeTransfers(settings),
        )
    except TransferUncertain as exc:
        print(json.dumps({"error": f"Stripe cannot be reached: {exc}"}), file=sys.stderr)
        return 2
    print(json.dumps(_jsonable(report), indent=2))
    return 1 if report["differences"] else 0


if __name__ == "__main__":
    sys.exit(main())
