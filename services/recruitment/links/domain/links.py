"""Magic links: a participant's way in without a password, one purpose and one use each."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class MagicLinkIssued:
    link_id: str
    participant_id: str
    purpose: str
    channel: str
    expires_at: datetime


class LinkRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "used", "revoked", "expired" or "unknown"


class MagicLink:
    def __init__(
        self,
        id: str,
        participant_id: str,
        purpose: str,
        channel: str,
        created_at: datetime,
        expires_at: datetime,
    ) -> None:
        self.id = id
        self.participant_id = participant_id
        self.purpose = purpose
        self.channel = channel
        self.created_at = created_at
        self.expires_at = expires_at
        self.used_at: datetime | None = None
        self.revoked_at: datetime | None = None
        self.next_path: str | None = None  # where it lands; None: the purpose's home page
        self.events: list[object] = []

    @classmethod
    def issue(
        cls,
        participant_id: str,
        purpose: str,
        channel: str,
        lifetime: timedelta,
        now: datetime,
        next_path: str | None = None,
    ) -> MagicLink:
        link = cls(str(uuid.uuid4()), participant_id, purpose, channel, now, now + lifetime)
        link.next_path = next_path
        link.events.append(
            MagicLinkIssued(link.id, participant_id, purpose, channel, link.expires_at)
        )
        return link

    @classmethod
    def message_link_used(
        cls,
        link_id: str,
        participant_id: str,
        purpose: str,
        channel: str,
        signed_at: datetime,
        lifetime: timedelta,
        now: datetime,
    ) -> MagicLink:
        """A message link (signed by notifications, never stored before) at its one use: the
        row is what makes a second use "used"."""
        link = cls(link_id, participant_id, purpose, channel, signed_at, signed_at + lifetime)
        link.used_at = now
        return link

    def redeem(self, now: datetime) -> None:
        if self.revoked_at is not None:
            raise LinkRefused("revoked")
        if self.used_at is not None:
            raise LinkRefused("used")
        if now >= self.expires_at:
            raise LinkRefused("expired")
        self.used_at = now

    def revoke(self, now: datetime) -> None:
        if self.revoked_at is None and self.used_at is None:
            self.revoked_at = now
