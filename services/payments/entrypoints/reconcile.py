"""The reconciliation job, for finance and for cron:

    python -m services.payments.entrypoints.reconcile [--days 7 | --from 2026-11-01 --to 2026-11-30]

prints the report as JSON and exits 1 when our records and Stripe's differ (0 when they agree,
2 when Stripe cannot be reached). The API's GET /api/payments/reconciliation is in
reconcile/entrypoints.py."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, timedelta

from services.payments.bootstrap import bootstrap, uow_factory
from services.payments.config import load_settings
from services.payments.ports import TransferUncertain
from services.payments.reconcile.commands import Reconcile
from services.payments.reconcile.entrypoints import jsonable, uk_day_bounds
from shared.db import make_engine
from shared.pages.formats import LONDON

__all__ = ["main", "uk_day_bounds"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=7, help="the last N UK days, up to today")
    parser.add_argument("--from", dest="first", type=date.fromisoformat)
    parser.add_argument("--to", dest="last", type=date.fromisoformat)
    args = parser.parse_args(argv)
    today = datetime.now(LONDON).date()
    first, last = args.first or today - timedelta(days=args.days - 1), args.last or today
    settings = load_settings()
    bus = bootstrap(uow_factory=uow_factory(make_engine(settings.database_url)), settings=settings)
    try:
        report = bus.handle(Reconcile(*uk_day_bounds(first, last)))
    except TransferUncertain as exc:
        print(json.dumps({"error": f"Stripe cannot be reached: {exc}"}), file=sys.stderr)
        return 2
    print(json.dumps(jsonable(report), indent=2))
    return 1 if report["differences"] else 0


if __name__ == "__main__":
    sys.exit(main())
