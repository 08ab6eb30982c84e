"""What this feature's pages read (the shapes) and the read model that answers them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from services.scheduling.waitlist.domain import OFFERED


@dataclass(frozen=True)
class MyWait:
    entry_id: str  # also the hold's id
    slot_id: str
    session_id: str
    activity_id: str
    activity_title: str
    starts_at: datetime
    ends_at: datetime
    state: str  # waiting | offered
    position: int  # 1 = first in line
    hold_expires_at: datetime | None = None

    @property
    def is_hold(self) -> bool:
        return self.state == OFFERED


class WaitlistReads(Protocol):
    """A slot's queue (coordinators) and a person's own holds (participants)."""

    def queue(self, slot_id: str, now: datetime) -> dict[str, Any]: ...
    def hold_of(
        self, participant_id: str, hold_id: str, now: datetime
    ) -> tuple[bool, MyWait | None]: ...
    def activity_of_entry(self, entry_id: str) -> str | None: ...
