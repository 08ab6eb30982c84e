"""Making and resetting a coordinator's calendar feed."""

from __future__ import annotations

from services.scheduling.calendar_feed.commands import ResetCalendarFeed
from services.scheduling.calendar_feed.domain import new_token, token_hash
from services.scheduling.ports import UnitOfWork
from shared.clock import Clock


def reset_calendar_feed(command: ResetCalendarFeed, uow: UnitOfWork, clock: Clock) -> str:
    """The new secret, returned to be shown once: only its hash is kept, so the old address
    (whose hash is replaced) stops working and this one can never be shown again."""
    token = new_token()
    with uow:
        uow.calendar_feeds.replace(
            command.staff_id, command.organisation_id, token_hash(token), clock()
        )
        uow.commit()
    return token
