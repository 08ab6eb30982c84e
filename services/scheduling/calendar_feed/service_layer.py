"""Making and resetting a coordinator's calendar feed."""

from __future__ import annotations

import secrets

from services.scheduling.calendar_feed.commands import ResetCalendarFeed
from services.scheduling.ports import UnitOfWork
from shared.clock import Clock

TOKEN_BYTES = 32  # 256 bits: the URL is the only key a calendar app can hold


def reset_calendar_feed(command: ResetCalendarFeed, uow: UnitOfWork, clock: Clock) -> str:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with uow:
        uow.calendar_feeds.replace(command.staff_id, command.organisation_id, token, clock())
        uow.commit()
    return token
