"""Payment policies: what an activity pays for people's time, and how attendance turns into pence.

Money is always integer pence; fractions of a penny are rounded half up, in integers only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

RATE_KINDS = ("hour", "session", "day")
OUTCOMES = ("attended", "partly_attended", "no_show", "excused")

# Defaults from NIHR's "Payment guidance for researchers and professionals" (public involvement):
# £25 an hour, and a day rate for a full day's involvement. Check them against the current
# edition; an organisation overrides them (PAYMENTS_DEFAULT_* settings) and each activity sets
# its own policy.
NIHR_HOURLY_RATE_PENCE = 2500
NIHR_DAY_RATE_PENCE = 15000
DEFAULT_RATE_KIND = "hour"
MAX_RATE_PENCE = 100_000  # £1,000 per unit: anything above is a typing mistake
MAX_PREPARATION_MINUTES = 8 * 60
STAFF, OFFER = "staff", "offer"  # a policy set in payments, or taken from the activity's offer


class PolicyRejected(ValueError):
    """The policy breaks a rule; the message is safe to show to the coordinator."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def round_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator to the nearest whole number, halves up (non-negative integers)."""
    return (2 * numerator + denominator) // (2 * denominator)


@dataclass
class PaymentPolicy:
    activity_id: str
    rate_kind: str
    rate_pence: int
    preparation_minutes: int
    late_cancellation_pays: bool
    updated_by: str
    updated_at: datetime
    expenses_covered: bool = True  # False: expense claims are refused (0010)
    source: str = STAFF  # where it came from: a coordinator here ("staff") or the offer (0010)

    def __post_init__(self) -> None:
        if self.rate_kind not in RATE_KINDS:
            raise PolicyRejected("rate_kind", f"Choose one of: {', '.join(RATE_KINDS)}.")
        if isinstance(self.rate_pence, bool) or not 0 <= self.rate_pence <= MAX_RATE_PENCE:
            raise PolicyRejected("rate_pence", "Enter a rate from 0 to 100000 pence.")
        if not 0 <= self.preparation_minutes <= MAX_PREPARATION_MINUTES:
            raise PolicyRejected("preparation_minutes", "Enter 0 to 480 minutes.")

    @property
    def unpaid(self) -> bool:
        """Neither fees nor expenses: a claim for it is refused."""
        return self.rate_pence == 0 and not self.expenses_covered

    def take_offer(self, offer: Offer) -> bool:
        """A later offer replaces one taken from an earlier offer; a coordinator's choice wins.
        Entitlements already made keep their amounts: only later attendance is priced anew."""
        if self.source != OFFER or offer.changed_at < self.updated_at:
            return False
        self.rate_kind, self.rate_pence = offer.rate_unit, offer.rate_pence
        self.expenses_covered, self.updated_at = offer.expenses_covered, offer.changed_at
        self.updated_by = OFFER
        return True

    def amount_for(self, outcome: str, minutes_attended: int, session_minutes: int) -> int:
        """What this attendance earns, in pence (0: nothing is owed)."""
        if outcome == "attended":
            return self._full(session_minutes)
        if outcome == "partly_attended":
            minutes = max(0, min(minutes_attended, session_minutes))
            if self.rate_kind == "hour":
                # They prepared in full even if they had to leave early.
                return round_half_up(self.rate_pence * (minutes + self.preparation_minutes), 60)
            return round_half_up(self.rate_pence * minutes, session_minutes)
        if outcome == "excused" and self.late_cancellation_pays:
            return self._full(session_minutes)
        return 0  # no_show, or excused under a policy that does not pay for it

    def _full(self, session_minutes: int) -> int:
        if self.rate_kind == "hour":
            return round_half_up(self.rate_pence * (session_minutes + self.preparation_minutes), 60)
        return self.rate_pence  # a session or day rate includes its preparation


@dataclass(frozen=True)
class Offer:
    """What the activity says people get (recruitment's ActivityPublished)."""

    activity_id: str
    rate_pence: int
    rate_unit: str
    expenses_covered: bool
    changed_at: datetime

    def as_policy(self) -> PaymentPolicy:
        return PaymentPolicy(
            self.activity_id, self.rate_unit, self.rate_pence, 0, False, OFFER, self.changed_at,
            self.expenses_covered, OFFER,
        )  # fmt: skip


def default_policy(
    activity_id: str, now: datetime, rate_kind: str = DEFAULT_RATE_KIND, rate_pence: int = 0
) -> PaymentPolicy:
    """The organisation's default, for an activity whose coordinator has set no policy."""
    if not rate_pence:
        rate_pence = NIHR_DAY_RATE_PENCE if rate_kind == "day" else NIHR_HOURLY_RATE_PENCE
    policy = PaymentPolicy(activity_id, rate_kind, rate_pence, 0, False, "system", now)
    policy.source = "default"  # not stored: an offer or a coordinator replaces it
    return policy
