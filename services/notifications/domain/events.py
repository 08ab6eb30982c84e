"""Facts the notifications domain records."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MessageSent:
    message_id: str
    participant_id: str
    channel: str
    template: str
    status: str
