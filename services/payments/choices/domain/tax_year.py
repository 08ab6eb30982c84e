"""UK tax years (6 April to 5 April, in UK time) and what someone was paid in one.

Payments for taking part can affect benefits and tax, so each person's fees are added up per
tax year, and a total above £1,000 (the trading allowance) is flagged for finance and for them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

# Not shared.pages.formats.LONDON: that module loads Flask's Babel, and the domain stays plain.
LONDON = ZoneInfo("Europe/London")

FLAG_ABOVE_PENCE = 100_000  # £1,000
# Fees that count: approved (until a decline closes them), being paid, paid, or a voucher.
COUNTED = frozenset({"approved", "awaiting_finance", "paying", "paid", "voucher"})


@dataclass(frozen=True)
class TaxYear:
    first: int  # 2026 is the year 6 April 2026 to 5 April 2027

    @property
    def label(self) -> str:
        return f"{self.first} to {self.first + 1}"

    @property
    def starts(self) -> date:
        return date(self.first, 4, 6)

    @property
    def ends(self) -> date:
        return date(self.first + 1, 4, 5)

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) in UTC: midnight at the start of 6 April UK time, each end."""
        start = datetime.combine(self.starts, time(0), tzinfo=LONDON)
        end = datetime.combine(date(self.first + 1, 4, 6), time(0), tzinfo=LONDON)
        return start.astimezone(UTC), end.astimezone(UTC)

    def holds(self, moment: datetime) -> bool:
        start, end = self.bounds()
        return start <= moment < end


def tax_year_of(moment: datetime) -> TaxYear:
    """The tax year a moment falls in, by the date in the UK (a UTC time is converted first)."""
    day = moment.astimezone(LONDON).date()
    return TaxYear(day.year if day >= date(day.year, 4, 6) else day.year - 1)


@dataclass(frozen=True)
class Fee:
    amount_pence: int
    status: str
    at: datetime  # when it was earned (the entitlement was created)


def total_pence(fees: Iterable[Fee], year: TaxYear) -> int:
    return sum(f.amount_pence for f in fees if f.status in COUNTED and year.holds(f.at))


def over_limit(total: int) -> bool:
    return total > FLAG_ABOVE_PENCE
