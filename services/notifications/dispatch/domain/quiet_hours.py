"""No texts between 21:00 and 08:00 UK time, unless the person has just asked for one.

Times are kept in UTC; the rule is about the clock on the person's wall, so it is applied in
Europe/London, which moves between GMT and BST twice a year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
# Texts the person asked for a moment ago (they are waiting for them): sent at any hour. A
# stranger cannot use this to text someone all night: recruitment limits how many links one
# number or address can be sent (shared/send_limits.py, 3 in 15 minutes, before the event).
ASKED_FOR = frozenset({"magic_link", "booking_help"})


@dataclass(frozen=True)
class QuietHours:
    start: time = time(21, 0)
    end: time = time(8, 0)

    @classmethod
    def parse(cls, text: str) -> QuietHours | None:
        """'21:00-08:00' (the default), or 'off' for none at all."""
        if text.strip().lower() == "off":
            return None
        start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
        return cls(start, end)

    def next_allowed(self, now: datetime) -> datetime:
        """now, or the end of the quiet hours in London (in now's zone) if now falls in them."""
        local = now.astimezone(LONDON)
        if self.end <= local.time() < self.start:
            return now
        day = local.date() if local.time() < self.end else local.date() + timedelta(days=1)
        return datetime.combine(day, self.end, tzinfo=LONDON).astimezone(now.tzinfo)


UK_QUIET_HOURS = QuietHours()
