"""Notifications' published vocabulary: what became of a message."""

from __future__ import annotations

from shared.vocabulary.recruitment import CHANNELS as CHANNELS  # the channels it sends on

MESSAGE_STATUSES = ("sent", "failed")
DELIVERY_FAILURES = ("rejected", "opted_out", "gave_up", "undelivered", "failed")
