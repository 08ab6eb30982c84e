"""The participants' read model (ports.ParticipantReads) on the database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from services.scheduling.booking.adapters import participant_reads
from services.scheduling.booking.adapters.activity_choices import activity_for
from services.scheduling.booking.ports import (
    ActivityChoices,
    BookableSession,
    MyBooking,
    MyBookings,
)


class SqlParticipantReads:
    def __init__(self, uows: Callable[[], Any]) -> None:
        self._uows = uows

    def my_bookings(self, participant_id: str, now: datetime) -> MyBookings:
        return participant_reads.overview(participant_id, self._uows(), now)

    def session_for(
        self, participant_id: str, session_id: str, now: datetime
    ) -> BookableSession | None:
        return participant_reads.session_for(participant_id, session_id, self._uows(), now)

    def booking_for(self, participant_id: str, booking_id: str, now: datetime) -> MyBooking | None:
        return participant_reads.booking_for(participant_id, booking_id, self._uows(), now)

    def activity(
        self, participant_id: str, activity_id: str, now: datetime
    ) -> ActivityChoices | None:
        return activity_for(participant_id, activity_id, self._uows(), now)
