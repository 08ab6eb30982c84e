"""The feeds' table and what the feed reads: the times of the sessions of the organisation the
feed was made in (all its activities: an organisation's coordinators coordinate every one of
them; Chorus has no narrower assignment), with the places booked, never who booked them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select

from services.scheduling.adapters.tables.calendar_feeds import calendar_feeds
from services.scheduling.adapters.tables.people import staff_names
from services.scheduling.adapters.tables.sessions import bookings, sessions, slots
from services.scheduling.calendar_feed.domain import token_hash
from services.scheduling.calendar_feed.ports import Feed
from services.scheduling.sessions.domain.booking import CONFIRMED
from shared.calendar import FeedEntry
from shared.vocabulary.recruitment import ORGANISERS


class SqlAlchemyCalendarFeeds:
    def __init__(self, session: Any) -> None:
        self.session = session

    def replace(self, staff_id: str, organisation_id: str, token_hash: str, now: datetime) -> None:
        """The staff member's feed in this organisation now answers only to this hash; their
        feed in another organisation is left as it is."""
        self.session.execute(
            delete(calendar_feeds).where(
                calendar_feeds.c.staff_id == staff_id,
                calendar_feeds.c.organisation_id == organisation_id,
            )
        )
        self.session.execute(
            insert(calendar_feeds).values(
                staff_id=staff_id,
                organisation_id=organisation_id,
                token_hash=token_hash,
                made_at=now,
            )
        )


def _place(format: str, location: str | None) -> str:
    if format == "in_person":
        return location or ""
    if format == "hybrid":
        return f"Online or {location or ''}".strip()
    return "Online"


def _still_organiser(db: Any, staff_id: str, organisation_id: str) -> bool:
    """An account scheduling has not heard of yet keeps its feed (as its sessions do here);
    one disabled, or with no coordinator or admin role there now, does not."""
    row = db.execute(select(staff_names).where(staff_names.c.staff_id == staff_id)).first()
    if row is None:
        return True
    if row.active is False:
        return False
    roles = (row.memberships or {}).get(organisation_id) if row.memberships else row.roles
    return bool(set(roles or ()) & set(ORGANISERS))


class SqlCalendarFeedReads:
    def __init__(self, uows: Callable[[], Any]) -> None:
        self._uows = uows

    def made_at(self, staff_id: str, organisation_id: str) -> datetime | None:
        with self._uows() as uow:
            query = select(calendar_feeds.c.made_at).where(
                calendar_feeds.c.staff_id == staff_id,
                calendar_feeds.c.organisation_id == organisation_id,
            )
            return uow.session.scalar(query)  # type: ignore[no-any-return]

    def feed(self, token: str, since: datetime) -> Feed | None:
        with self._uows() as uow:
            db = uow.session
            found = calendar_feeds.c.token_hash == token_hash(token)
            row = db.execute(select(calendar_feeds).where(found)).first()
            if row is None or not _still_organiser(db, row.staff_id, row.organisation_id):
                return None
            return Feed(row.organisation_id, tuple(_entries(db, row.organisation_id, since)))


def _entries(db: Any, organisation_id: str, since: datetime) -> list[FeedEntry]:
    booked = (
        select(bookings.c.slot_id, func.count().label("taken"))
        .where(bookings.c.status == CONFIRMED)
        .group_by(bookings.c.slot_id)
        .subquery()
    )
    query = (
        select(
            slots.c.id,
            slots.c.starts_at,
            slots.c.ends_at,
            slots.c.capacity,
            sessions.c.activity_title,
            sessions.c.format,
            sessions.c.location,
            sessions.c.cancelled_at,
            func.coalesce(booked.c.taken, 0).label("taken"),
        )
        .join(sessions, slots.c.session_id == sessions.c.id)
        .outerjoin(booked, booked.c.slot_id == slots.c.id)
        .where(sessions.c.organisation_id == organisation_id, slots.c.ends_at > since)
        .order_by(slots.c.starts_at)
    )
    return [
        FeedEntry(
            slot_id=r.id,
            title=r.activity_title,
            starts_at=r.starts_at,
            ends_at=r.ends_at,
            place=_place(r.format, r.location),
            description=f"{r.taken} of {r.capacity} places taken",
            cancelled=r.cancelled_at is not None,
        )
        for r in db.execute(query)
    ]
