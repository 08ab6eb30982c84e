"""On PostgreSQL, waitlist joins, cancellations, accepts, expiry sweeps and fresh bookings all
at once never put more people in a slot than it has places (holds and pending count)."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, select

from services.scheduling.adapters.tables.sessions import bookings
from services.scheduling.adapters.tables.waitlist import waitlist_entries
from services.scheduling.booking.commands import BookSlot, CancelBooking
from services.scheduling.booking.service_layer import booking as handlers
from services.scheduling.sessions.domain.booking import BookingRefused
from services.scheduling.waitlist.commands import AcceptHold, JoinWaitlist
from services.scheduling.waitlist.service_layer import waitlists
from shared.bus.tables import outbox
from tests.scheduling.integration import test_scheduling_capacity_postgres as capacity
from tests.scheduling.integration.test_scheduling_capacity_postgres import (
    all_at_once,
    count,
    new_slot,
)

# A fresh PostgreSQL schema migrated from nothing, so migration 0005 is tested here too.
engine = capacity.engine


CAPACITY = 5


def taken(engine: Engine) -> int:
    """Confirmed and pending bookings plus live holds: what capacity is counted against."""
    booked = select(func.count()).where(bookings.c.status.in_(("confirmed", "pending")))
    held = select(func.count()).where(waitlist_entries.c.status == "offered")
    return count(engine, booked) + count(engine, held)


def test_concurrent_joins_cancels_accepts_and_bookings_never_overfill(engine: Engine) -> None:
    uow, slot_id = new_slot(engine, capacity=CAPACITY)
    first = [handlers.book_slot(BookSlot(slot_id, str(uuid.uuid4())), uow()) for _ in range(5)]
    people = [str(uuid.uuid4()) for _ in range(40)]

    # Everyone joins at once, twice each: one entry per person, in some order.
    joined = all_at_once(
        [
            lambda who=who: waitlists.join_waitlist(JoinWaitlist(slot_id, who), uow())
            for who in people * 2
        ]
    )
    assert not [r for r in joined if isinstance(r, Exception)], joined
    assert count(engine, select(func.count()).select_from(waitlist_entries)) == len(people)

    # Every place is cancelled while strangers try to book and the sweep runs.
    strangers = [str(uuid.uuid4()) for _ in range(20)]
    results = all_at_once(
        [lambda b=b: handlers.cancel_booking(CancelBooking(b.booking.id), uow()) for b in first]
        + [lambda who=who: handlers.book_slot(BookSlot(slot_id, who), uow()) for who in strangers]
        + [lambda: waitlists.expire_holds(uow)] * 5
    )
    unexpected = [r for r in results if isinstance(r, Exception) and not _full(r)]
    assert unexpected == [], unexpected
    assert taken(engine) == CAPACITY
    offered = select(waitlist_entries.c.id).where(waitlist_entries.c.status == "offered")
    with engine.connect() as conn:
        holds = list(conn.execute(offered).scalars())
    assert len(holds) == CAPACITY  # every freed place went to the waitlist, none to strangers

    # All holds are accepted (some twice) while the sweep expires nothing yet.
    accepted = all_at_once(
        [lambda h=h: waitlists.accept_hold(AcceptHold(h), uow()) for h in holds * 2]
        + [lambda: waitlists.expire_holds(uow)] * 5
    )
    assert not [r for r in accepted if isinstance(r, Exception)], accepted
    confirmed = select(func.count()).where(bookings.c.status == "confirmed")
    assert count(engine, confirmed) == CAPACITY
    assert taken(engine) == CAPACITY
    sent = select(func.count()).where(outbox.c.event_type == "BookingConfirmed")
    assert count(engine, sent) == 2 * CAPACITY  # the first five and the five accepted


def test_lapsed_holds_passed_on_by_racing_sweeps_are_offered_once(engine: Engine) -> None:
    uow, slot_id = new_slot(engine, capacity=2)
    first = [handlers.book_slot(BookSlot(slot_id, str(uuid.uuid4())), uow()) for _ in range(2)]
    for _ in range(6):
        waitlists.join_waitlist(JoinWaitlist(slot_id, str(uuid.uuid4())), uow())
    for booking in first:
        handlers.cancel_booking(CancelBooking(booking.booking.id), uow())
    later = datetime.now(UTC) + timedelta(hours=2, minutes=1)

    all_at_once([lambda: waitlists.expire_holds(uow, later)] * 10)

    with engine.connect() as conn:
        states = Counter(conn.execute(select(waitlist_entries.c.status)).scalars())
    assert states == {"passed": 2, "offered": 2, "waiting": 2}, states
    offers = select(func.count()).where(outbox.c.event_type == "PlaceOffered")
    assert count(engine, offers) == 4
    assert taken(engine) == 2


def _full(result: Exception) -> bool:
    return isinstance(result, BookingRefused) and result.reason == "full"
