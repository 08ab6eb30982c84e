"""The dispatcher's counts, in Prometheus (shared.metrics' process registry)."""

from __future__ import annotations

from shared.metrics import CHANNEL_UNAVAILABLE, message_outcome


class PrometheusSendMetrics:
    def outcome(self, channel: str, sent: bool) -> None:
        message_outcome(channel, sent=sent)

    def unavailable(self, channel: str, reason: str) -> None:
        CHANNEL_UNAVAILABLE.labels(channel=channel, reason=reason).inc()
