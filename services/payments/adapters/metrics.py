"""Payout outcomes counted in the process's Prometheus registry (shared/metrics.py)."""

from __future__ import annotations

from shared.metrics import PAYOUTS


class PrometheusPayoutMetrics:
    def count(self, status: str, n: int = 1) -> None:
        PAYOUTS.labels(status=status).inc(n)
