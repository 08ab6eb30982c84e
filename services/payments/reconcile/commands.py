"""Finance asks: do our payouts agree with Stripe's transfers over a period?"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Reconcile:
    """[since, until): the report is returned, nothing is changed."""

    since: datetime
    until: datetime
