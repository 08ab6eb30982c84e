"""In-memory stand-ins for payments' ports, shared by its unit tests."""

from __future__ import annotations

from collections import Counter

from services.payments.ports import PayoutMetrics


class FakeMetrics(PayoutMetrics):
    """Payout outcomes counted, by status."""

    def __init__(self) -> None:
        self.counted: Counter[str] = Counter()

    def count(self, status: str, n: int = 1) -> None:
        self.counted[status] += n
