"""iCalendar invitations for booked sessions: the builder is shared/calendar.py's, which
scheduling's booked page uses too, so the download and the email's attachment are one entry."""

from __future__ import annotations

from shared.calendar import PRODUCT, session_invite

__all__ = ["PRODUCT", "session_invite"]
