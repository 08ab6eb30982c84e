"""Payout outcomes counted in the process's Prometheus registry (shared/metrics.py)."""

from __future__ import annotations

from shared.metrics import PAYOUTS

# At 0 from the start: increase() sees no rise in a series whose first sample is already 1.
PAYOUTS.labels(status="failed")


class PrometheusPayoutMetrics:
    def count(self, status: str, n: int = 1) -> None:
        PAYOUTS.labels(status=status).inc(n)
