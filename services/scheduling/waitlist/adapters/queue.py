"""A slot's waitlist as coordinators read it: the queue in order, each entry's place and state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from services.scheduling.ports import NotFound, UnitOfWork
from services.scheduling.sessions.domain.model import Slot
from services.scheduling.waitlist import domain as waitlist


def slot_waitlist(slot_id: str, uow: UnitOfWork, now: datetime) -> dict[str, Any]:
    """What a coordinator sees: the queue in order with each entry's state."""
    with uow:
        slot = uow.slots.get(slot_id)
        if slot is None:
            raise NotFound("There is no such time.")
        entries = queue_entries(slot, now)
        return {
            "slot_id": slot.id,
            "capacity": slot.capacity,
            "booked": len(slot.confirmed),
            "pending": len(slot.pending),
            "held": sum(1 for e in slot.waitlist if e.holds_place),
            "places_left": slot.places_left,
            "entries": entries,
        }


def queue_entries(
    slot: Slot, now: datetime, names: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """The slot's waitlist in order, each entry with its place in line and state."""
    entries = []
    position = 0
    for entry in waitlist.queue(slot):
        in_line = entry.status in (waitlist.WAITING, waitlist.OFFERED)
        position += in_line
        entries.append(
            {
                "entry_id": entry.id,
                "participant_id": entry.participant_id,
                "position": position if in_line else None,
                "state": entry.status,
                "joined_at": entry.joined_at,
                "offered_at": entry.offered_at,
                "hold_expires_at": entry.hold_expires_at,
                "hold_lapsed": entry.lapsed(now),
                "booking_id": entry.booking_id,
                "name": (names or {}).get(entry.participant_id),
            }
        )
    return entries
