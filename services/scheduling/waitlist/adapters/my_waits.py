"""What a participant reads about their own waitlist places and held places (no writes)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from services.scheduling.sessions.domain.model import Slot
from services.scheduling.waitlist import domain as waitlist
from services.scheduling.waitlist.domain import OFFERED, WAITING, WaitlistEntry
from services.scheduling.waitlist.ports import MyWait


def my_waits(db: Any, participant_id: str, now: datetime) -> list[MyWait]:
    """Their places in line and live holds, for times still to come, soonest first."""
    query = select(WaitlistEntry).where(
        WaitlistEntry.participant_id == participant_id,  # type: ignore[arg-type]
        WaitlistEntry.status.in_((WAITING, OFFERED)),  # type: ignore[attr-defined]
    )
    views = [_view(db, entry, now) for entry in db.scalars(query)]
    return sorted((v for v in views if v is not None), key=lambda v: v.starts_at)


def hold_of(
    db: Any, participant_id: str, hold_id: str, now: datetime
) -> tuple[bool, MyWait | None]:
    """(theirs, the live hold): (False, None) when there is no such hold of theirs; (True,
    None) when it was theirs but has gone (taken, lapsed, turned down or the time passed)."""
    entry = db.get(WaitlistEntry, hold_id)
    if entry is None or entry.participant_id != participant_id:
        return False, None
    view = _view(db, entry, now)
    return True, view if view is not None and view.is_hold else None


def activity_of_entry(db: Any, entry_id: str) -> str | None:
    entry = db.get(WaitlistEntry, entry_id)
    slot = db.get(Slot, entry.slot_id) if entry else None
    return slot.session.activity_id if slot is not None and slot.session else None


def _view(db: Any, entry: WaitlistEntry, now: datetime) -> MyWait | None:
    slot = db.get(Slot, entry.slot_id)
    if slot is None or slot.session is None or now >= slot.starts_at:
        return None
    if entry.status not in (WAITING, OFFERED) or entry.lapsed(now):
        return None
    line = [e.id for e in waitlist.queue(slot) if e.status in (WAITING, OFFERED)]
    return MyWait(
        entry.id,
        slot.id,
        slot.session_id,
        slot.session.activity_id,
        slot.session.activity_title,
        slot.starts_at,
        slot.ends_at,
        entry.status,
        line.index(entry.id) + 1,
        entry.hold_expires_at,
    )
