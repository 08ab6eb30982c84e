"""The dispatcher's counts, in Prometheus (shared.metrics' process registry)."""

from __future__ import annotations

from shared.metrics import CHANNEL_UNAVAILABLE, MESSAGES, message_outcome

# Every series the alerts watch exists from the start, at 0: Prometheus's increase() and rate()
# see no rise in a series whose first sample is already 1, so the first failure would be missed.
for _channel in ("sms", "email"):
    for _outcome in ("sent", "failed"):
        MESSAGES.labels(channel=_channel, outcome=_outcome)
    for _reason in ("unreachable", "credentials"):
        CHANNEL_UNAVAILABLE.labels(channel=_channel, reason=_reason)


class PrometheusSendMetrics:
    def outcome(self, channel: str, sent: bool) -> None:
        message_outcome(channel, sent=sent)

    def unavailable(self, channel: str, reason: str) -> None:
        CHANNEL_UNAVAILABLE.labels(channel=channel, reason=reason).inc()
