"""What an activity reimburses: each expense category's rules, the mileage rate and the
per-claim limits, and one line of a claim priced by them. Money is integer pence."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

# HMRC's approved mileage allowance for the first 10,000 business miles a year (cars and vans).
HMRC_MILEAGE_PENCE_PER_MILE = 45
MAX_MILES = 1000  # one journey's round trip: more is a typing mistake
MAX_LINES = 20
LONDON = ZoneInfo("Europe/London")
MAX_AGE_DAYS = 366  # expenses are claimed within a year

CATEGORIES = (
    "mileage",
    "public_transport",
    "taxi",
    "parking",
    "care_cover",  # carer or childcare cover
    "data_device",
    "overnight",
)
LABELS = {
    "mileage": "Mileage",
    "public_transport": "Public transport",
    "taxi": "Taxi",
    "parking": "Parking",
    "care_cover": "Carer or childcare cover",
    "data_device": "Data or device costs",
    "overnight": "Overnight stay",
}
RECEIPT_REQUIRED = frozenset({"public_transport", "taxi", "overnight"})
# Above these a figure is a typing mistake, whatever the activity's own limits say.
ABSURD_PENCE = {
    "mileage": MAX_MILES * 100,
    "public_transport": 50_000,
    "taxi": 30_000,
    "parking": 10_000,
    "care_cover": 50_000,
    "data_device": 50_000,
    "overnight": 50_000,
}
# Defaults for an activity whose coordinator has set none; each activity sets its own.
DEFAULT_LIMITS_PENCE = {
    "parking": 2_000,
    "care_cover": 6_000,
    "data_device": 2_000,
    "overnight": 15_000,
}


class ExpenseRejected(ValueError):
    """The claim breaks a rule; the message is safe to show to the participant."""

    def __init__(self, field: str, message: str, conflict: bool = False) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.conflict = conflict
        self.line: int | None = None  # which line (from 0) broke it, so a form can say where


def pounds(pence: int) -> str:
    """£12.34 from 1234, in integers only."""
    sign = "-" if pence < 0 else ""
    return f"{sign}£{abs(pence) // 100}.{abs(pence) % 100:02d}"


def _check_day(day: date | None, now: datetime) -> None:
    # A day in the future, or over a year ago, is a typing mistake (or too late to claim).
    today = now.astimezone(LONDON).date()  # the UK's today, which is what people write
    if day is not None and not today - timedelta(days=MAX_AGE_DAYS) <= day <= today:
        raise ExpenseRejected(
            "spent_on", "Enter a date in the last 12 months, and not in the future."
        )


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass
class ExpensePolicy:
    """Which categories an activity covers, the mileage rate and the per-claim limits."""

    activity_id: str
    covered: tuple[str, ...] = CATEGORIES
    mileage_pence_per_mile: int = HMRC_MILEAGE_PENCE_PER_MILE
    limits_pence: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_LIMITS_PENCE))
    updated_by: str = "system"
    updated_at: datetime | None = None

    def __post_init__(self) -> None:
        unknown = [c for c in self.covered if c not in CATEGORIES]
        if unknown:
            raise ExpenseRejected("covered", f"Choose from: {', '.join(CATEGORIES)}.")
        rate = self.mileage_pence_per_mile
        if not _whole(rate) or not 0 <= rate <= 100:
            raise ExpenseRejected("mileage_pence_per_mile", "Enter 0 to 100 pence per mile.")
        for category, limit in self.limits_pence.items():
            if category not in ABSURD_PENCE or category == "mileage":
                raise ExpenseRejected("limits_pence", f"No limit can be set for {category}.")
            if not _whole(limit) or not 0 <= limit <= ABSURD_PENCE[category]:
                top = ABSURD_PENCE[category]
                raise ExpenseRejected("limits_pence", f"{LABELS[category]}: 0 to {top} pence.")

    def price(self, line: ExpenseLine, has_receipt: bool) -> int:
        """What this line pays, in pence; ExpenseRejected with a clear message if it cannot."""
        label = LABELS.get(line.category)
        if label is None:
            raise ExpenseRejected("category", f"Choose from: {', '.join(CATEGORIES)}.")
        if line.category not in self.covered:
            raise ExpenseRejected("category", f"{label} is not covered for this activity.")
        if line.category == "mileage":
            if line.amount_pence is not None:
                raise ExpenseRejected("amount_pence", "For mileage give the miles, not an amount.")
            if not _whole(line.miles) or not 1 <= line.miles <= MAX_MILES:  # type: ignore[operator]
                raise ExpenseRejected("miles", f"Enter 1 to {MAX_MILES} miles for the journey.")
            return int(line.miles) * self.mileage_pence_per_mile  # type: ignore[arg-type]
        amount = line.amount_pence
        if not _whole(amount) or amount <= 0:  # type: ignore[operator]
            raise ExpenseRejected("amount_pence", f"{label}: enter an amount of at least 1p.")
        assert amount is not None
        if amount > ABSURD_PENCE[line.category]:
            top = pounds(ABSURD_PENCE[line.category])
            raise ExpenseRejected("amount_pence", f"{label}: {pounds(amount)} is over {top}.")
        limit = self.limits_pence.get(line.category)
        if limit is not None and amount > limit:
            raise ExpenseRejected(
                "amount_pence", f"{label} is limited to {pounds(limit)} for this activity."
            )
        if line.category == "taxi" and not line.prior_approval:
            raise ExpenseRejected(
                "prior_approval", "A taxi is only paid if the coordinator agreed it beforehand."
            )
        if line.category in RECEIPT_REQUIRED and not has_receipt:
            raise ExpenseRejected("receipts", f"{label} needs a receipt: attach a photo or PDF.")
        return amount


@dataclass(frozen=True)
class ExpenseLine:
    category: str
    amount_pence: int | None = None  # None for mileage, which is miles times the rate
    miles: int | None = None
    prior_approval: bool = False
    note: str = ""
    spent_on: date | None = None  # the day they travelled or paid
