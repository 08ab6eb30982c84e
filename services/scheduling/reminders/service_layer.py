"""Reminders before each booked time, announced once each as ReminderDue for notifications.

Computed from the bookings, not scheduled in advance: a cancelled or moved booking is simply
no longer confirmed, so its reminders never go, and nothing has to be cancelled.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from services.scheduling.domain.events import ReminderDue
from services.scheduling.ports import UnitOfWork

DEFAULT_OFFSETS = (timedelta(days=2), timedelta(hours=2))


def parse_offsets(text: str) -> tuple[timedelta, ...]:
    """'2d,2h' -> (2 days, 2 hours); 'off' -> none."""
    if text.strip().lower() == "off":
        return ()
    units = {"d": "days", "h": "hours", "m": "minutes"}
    offsets = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        number, unit = part[:-1], part[-1].lower()
        if unit not in units or not number.isdigit():
            raise ValueError(f"reminder offsets look like '2d,2h', not {text!r}")
        offsets.append(timedelta(**{units[unit]: int(number)}))
    return tuple(offsets)


def announce_due(
    uow: UnitOfWork, now: datetime, offsets: tuple[timedelta, ...] = DEFAULT_OFFSETS
) -> int:
    """Announce every reminder now due; returns how many. A booking made after a reminder's
    time skips that reminder (someone who books an hour ahead needs no '2 days' text)."""
    announced = 0
    with uow:
        for offset in offsets:
            minutes = int(offset.total_seconds() // 60)
            for booking, slot in uow.reminders.due(now, offset):
                session = slot.session
                assert session is not None
                uow.reminders.announced(booking.id, minutes, now)
                uow.events.append(
                    ReminderDue(
                        booking.id,
                        booking.participant_id,
                        session.activity_id,
                        session.activity_title,
                        slot.starts_at,
                        slot.ends_at,
                        session.format,
                        session.location,
                        session.joining_url,
                        round(offset.total_seconds() / 3600),
                    )
                )
                announced += 1
        uow.commit()
    return announced
