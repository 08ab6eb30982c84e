"""The SMS booking dialogue on SQLite with a controllable clock: what each reply does, the
events it leaves in the outbox for notifications to word, and that bad replies change nothing."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, select

from services.scheduling.adapters.tables.sessions import bookings
from services.scheduling.bootstrap import uow_factory
from services.scheduling.sessions.commands import CreateSession
from services.scheduling.sessions.domain.planning import SlotPlan
from services.scheduling.sessions.service_layer import session_admin
from services.scheduling.sms_dialogue import service_layer as sms_booking
from services.scheduling.waitlist.commands import JoinWaitlist
from services.scheduling.waitlist.service_layer import waitlists
from shared.bus.tables import outbox
from tests.support import migrated_engine

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
PERSON = str(uuid.uuid4())
ACTIVITY = str(uuid.uuid4())
SOMEONE_ELSE = str(uuid.uuid4())


class Dialogue:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.uows = uow_factory(engine)
        self.now = NOW
        self.read = 0  # outbox rows already looked at

    def text(self, words: str, who: str = PERSON) -> list[tuple[str, dict[str, Any]]]:
        """Handle one text as the consumer would (one unit of work, committed), and return
        the events it published."""
        with self.uows() as uow:
            sms_booking.handle_text(who, words, uow, self.now)
            uow.commit()
        return self.published()

    def published(self) -> list[tuple[str, dict[str, Any]]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(outbox.c.id, outbox.c.event_type, outbox.c.payload)
                .where(outbox.c.id > self.read)
                .order_by(outbox.c.id)
            ).all()
        if rows:
            self.read = rows[-1].id
        return [(r.event_type, json.loads(r.payload)["data"]) for r in rows]

    def bookings(self) -> list[tuple[str, str, str]]:
        with self.engine.connect() as conn:
            query = select(bookings.c.participant_id, bookings.c.slot_id, bookings.c.status)
            return [tuple(r) for r in conn.execute(query.order_by(bookings.c.booked_at))]


@pytest.fixture
def dialogue(tmp_path: Path) -> Dialogue:
    return Dialogue(migrated_engine("scheduling", tmp_path))


def add_session(d: Dialogue, *capacities: int, cancel_hours: int = 24) -> list[str]:
    """A session of the activity with one slot per capacity, a day apart from tomorrow."""
    plans = []
    for n, capacity in enumerate(capacities):
        starts = NOW + timedelta(days=n + 1, hours=1)
        plans.append(
            SlotPlan(
                starts,
                starts + timedelta(hours=1),
                capacity,
                cancel_by=starts - timedelta(hours=cancel_hours),
            )
        )
    command = CreateSession(
        ACTIVITY,
        "Making GP appointments easier",
        "in_person",
        "Central Library, Leeds",
        (),
        None,
        tuple(plans),
    )
    with d.uows() as uow:
        session = session_admin.create_session(command, uow, clock=lambda: NOW - timedelta(hours=1))
        slot_ids = [slot.id for slot in session.slots]
    d.published()  # SlotPublished: not what these tests look at
    return slot_ids


def invite(d: Dialogue, who: str = PERSON) -> None:
    with d.uows() as uow:
        uow.dialogue.invited(who, ACTIVITY, NOW - timedelta(days=1))
        uow.commit()


def kinds(events: list[tuple[str, dict[str, Any]]]) -> list[str]:
    return [kind for kind, _ in events]


def only(events: list[tuple[str, dict[str, Any]]], kind: str) -> dict[str, Any]:
    [data] = [data for k, data in events if k == kind]
    return data


def test_book_then_a_number_books_that_time(dialogue: Dialogue) -> None:
    slots = add_session(dialogue, 2, 2, 2, 2)
    invite(dialogue)

    offered = only(dialogue.text(" book "), "BookingOptionsOffered")
    assert [o["choice"] for o in offered["options"]] == [1, 2, 3]  # never more than three
    assert [o["slot_id"] for o in offered["options"]] == slots[:3]
    assert offered["reason"] == "asked"

    confirmed = only(dialogue.text("2"), "BookingConfirmed")
    assert confirmed["slot_id"] == slots[1] and confirmed["booked_via"] == "sms"
    assert dialogue.bookings() == [(PERSON, slots[1], "confirmed")]

    assert dialogue.text("2") == []  # sent twice: still one booking, nothing more said
    assert dialogue.bookings() == [(PERSON, slots[1], "confirmed")]


@pytest.mark.parametrize("reply", ["one", "1.", "11", "4", "0", "👍", "", "   ", "book 1"])
def test_a_reply_we_cannot_act_on_gets_help_and_changes_nothing(
    dialogue: Dialogue, reply: str
) -> None:
    add_session(dialogue, 2, 2, 2)
    invite(dialogue)
    dialogue.text("BOOK")

    events = dialogue.text(reply)

    assert kinds(events) == ["BookingReplyNotUnderstood"]
    assert only(events, "BookingReplyNotUnderstood") | {"activity_id": None} == {
        "participant_id": PERSON,
        "activity_id": None,
        "hint": "choose_a_number",
        "choices": 3,
    }
    assert dialogue.bookings() == []
    assert kinds(dialogue.text("1")) == ["BookingConfirmed"]  # the offer still stands


def test_nothing_to_book_without_an_invitation_or_an_offer(dialogue: Dialogue) -> None:
    add_session(dialogue, 2)
    assert only(dialogue.text("BOOK"), "BookingReplyNotUnderstood")["hint"] == "nothing_to_book"
    assert only(dialogue.text("1"), "BookingReplyNotUnderstood")["hint"] == "nothing_to_book"
    assert only(dialogue.text("hello"), "BookingReplyNotUnderstood")["hint"] == "nothing_to_book"
    reply = only(dialogue.text("cancel booking"), "BookingReplyNotUnderstood")
    assert reply["hint"] == "nothing_to_cancel"
    assert dialogue.bookings() == []


def test_an_expired_offer_gets_the_current_times(dialogue: Dialogue) -> None:
    slots = add_session(dialogue, 2, 2)
    invite(dialogue)
    dialogue.text("BOOK")

    dialogue.now = NOW + timedelta(hours=25)  # offers last a day
    events = dialogue.text("1")

    assert kinds(events) == ["BookingOptionsOffered"]
    assert only(events, "BookingOptionsOffered")["reason"] == "expired"
    assert dialogue.bookings() == []
    # The first time has started by now, so the new option 1 is the second time.
    assert [o["slot_id"] for o in only(events, "BookingOptionsOffered")["options"]] == slots[1:]
    assert only(dialogue.text("1"), "BookingConfirmed")["slot_id"] == slots[1]


def test_a_time_that_filled_up_gets_the_current_times(dialogue: Dialogue) -> None:
    slots = add_session(dialogue, 1, 1)
    invite(dialogue)
    invite(dialogue, SOMEONE_ELSE)
    dialogue.text("BOOK")
    dialogue.text("BOOK", who=SOMEONE_ELSE)
    dialogue.text("1", who=SOMEONE_ELSE)  # takes the only place at the first time

    events = dialogue.text("1")

    offered = only(events, "BookingOptionsOffered")
    assert offered["reason"] == "full" and [o["slot_id"] for o in offered["options"]] == slots[1:]
    assert (PERSON, slots[0], "confirmed") not in dialogue.bookings()


def test_change_then_a_number_moves_the_booking(dialogue: Dialogue) -> None:
    slots = add_session(dialogue, 2, 2)
    invite(dialogue)
    dialogue.text("BOOK")
    dialogue.text("1")

    assert only(dialogue.text("CHANGE"), "BookingOptionsOffered")["reason"] == "changed"
    events = dialogue.text("2")

    # Freed, then taken (naming the booking it replaces), then said to be one move.
    assert kinds(events) == ["BookingCancelled", "BookingConfirmed", "BookingMoved"]
    assert only(events, "BookingCancelled")["cause"] == "moved"
    old_booking = only(events, "BookingCancelled")["booking_id"]
    assert only(events, "BookingConfirmed")["moved_from_booking_id"] == old_booking
    assert dialogue.bookings() == [
        (PERSON, slots[0], "cancelled"),
        (PERSON, slots[1], "confirmed"),
    ]


def test_cancel_booking_frees_the_place_until_the_cut_off(dialogue: Dialogue) -> None:
    add_session(dialogue, 2, cancel_hours=2)
    invite(dialogue)
    dialogue.text("BOOK")
    dialogue.text("1")

    dialogue.now = NOW + timedelta(hours=23, minutes=30)  # the cut-off was 2 hours before
    late = only(dialogue.text("Cancel  Booking"), "BookingReplyNotUnderstood")
    assert late["hint"] == "too_late_to_cancel"
    assert [status for *_, status in dialogue.bookings()] == ["confirmed"]

    dialogue.now = NOW
    assert kinds(dialogue.text("cancel booking")) == ["BookingCancelled"]
    assert [status for *_, status in dialogue.bookings()] == ["cancelled"]


def test_strangers_are_left_to_recruitment(dialogue: Dialogue) -> None:
    with dialogue.uows() as uow:
        sms_booking.handle_text(None, "BOOK", uow, NOW)
        uow.commit()
    assert dialogue.published() == []


def test_take_accepts_the_place_held_from_the_waitlist(dialogue: Dialogue) -> None:
    [slot] = add_session(dialogue, 1)
    invite(dialogue)
    invite(dialogue, SOMEONE_ELSE)
    dialogue.text("BOOK", who=SOMEONE_ELSE)
    dialogue.text("1", who=SOMEONE_ELSE)  # the only place
    assert only(dialogue.text("TAKE"), "BookingReplyNotUnderstood")["hint"] == "nothing_to_take"
    with dialogue.uows() as uow:
        waitlists.join_waitlist(JoinWaitlist(slot, PERSON), uow, clock=lambda: dialogue.now)
    dialogue.text("cancel booking", who=SOMEONE_ELSE)
    waitlists.expire_holds(dialogue.uows, dialogue.now)  # the sweep offers the freed place
    assert only(dialogue.published(), "PlaceOffered")["participant_id"] == PERSON

    confirmed = only(dialogue.text(" take "), "BookingConfirmed")

    assert confirmed["participant_id"] == PERSON and confirmed["booked_via"] == "sms"
    assert (PERSON, slot, "confirmed") in dialogue.bookings()


def test_book_takes_the_same_statements_however_many_times_it_offers(tmp_path: Path) -> None:
    """A time offered is no query of its own (its session, bookings and waitlist come with the
    times): each was a round trip on every BOOK, which held up the consumer at 20 texts a
    second on PostgreSQL (bench/sms_latency.py)."""

    def statements_for_book(directory: Path, *capacities: int) -> int:
        d = Dialogue(migrated_engine("scheduling", directory))
        add_session(d, *capacities)
        invite(d)
        seen: list[str] = []
        event.listen(d.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
        offered = only(d.text("BOOK"), "BookingOptionsOffered")
        assert len(offered["options"]) == min(3, len(capacities))
        return len(seen)

    one = statements_for_book(tmp_path / "one", 2)
    three = statements_for_book(tmp_path / "three", 2, 2, 2)
    assert three == one


def test_a_reply_to_one_organisations_number_books_and_cancels_only_its_times(
    dialogue: Dialogue,
) -> None:
    """One person with two organisations: each reply goes to the dialogue of the organisation
    whose number they texted, never the other's (the deployment's number: the latest)."""
    org_a, org_b = str(uuid.uuid4()), str(uuid.uuid4())
    activity_a, activity_b = str(uuid.uuid4()), str(uuid.uuid4())
    slot_of = {}
    for n, (org, activity) in enumerate(((org_a, activity_a), (org_b, activity_b))):
        starts = NOW + timedelta(days=n + 3)
        plan = SlotPlan(
            starts, starts + timedelta(hours=1), 5, cancel_by=starts - timedelta(days=1)
        )
        with dialogue.uows() as uow:
            uow.activities.save(activity, org)
            uow.commit()
        command = CreateSession(
            activity, f"Activity {n}", "in_person", "Central Library, Leeds", (), None, (plan,)
        )
        with dialogue.uows() as uow:
            session = session_admin.create_session(command, uow, clock=lambda: NOW)
            slot_of[activity] = session.slots[0].id
        with dialogue.uows() as uow:  # A first, B later: B is the latest invitation
            uow.dialogue.invited(PERSON, activity, NOW - timedelta(hours=2 - n))
            uow.commit()
    dialogue.published()

    def text(words: str, org: str | None) -> list[tuple[str, dict[str, Any]]]:
        with dialogue.uows() as uow:
            sms_booking.handle_text(PERSON, words, uow, dialogue.now, org)
            uow.commit()
        return dialogue.published()

    assert only(text("BOOK", org_a), "BookingOptionsOffered")["activity_id"] == activity_a
    # "1" to B's number: A's times are not B's to book, so B's own times are offered.
    offered = only(text("1", org_b), "BookingOptionsOffered")
    assert (offered["activity_id"], offered["reason"]) == (activity_b, "expired")
    assert kinds(text("1", org_b)) == ["BookingConfirmed"]
    assert dialogue.bookings() == [(PERSON, slot_of[activity_b], "confirmed")]

    unclear = only(text("CANCEL BOOKING", org_a), "BookingReplyNotUnderstood")
    assert unclear["hint"] == "nothing_to_cancel"  # A's number: B's booking is not A's
    assert dialogue.bookings() == [(PERSON, slot_of[activity_b], "confirmed")]
    assert "BookingCancelled" in kinds(text("CANCEL BOOKING", None))  # the deployment's number


def test_the_welsh_words_book_change_and_cancel_as_the_english_do(dialogue: Dialogue) -> None:
    slots = add_session(dialogue, 2, 2)
    invite(dialogue)

    offered = only(dialogue.text("Archebu"), "BookingOptionsOffered")
    assert offered["reason"] == "asked"
    assert [o["slot_id"] for o in offered["options"]] == slots
    assert only(dialogue.text("1"), "BookingConfirmed")["slot_id"] == slots[0]

    assert only(dialogue.text("NEWID"), "BookingOptionsOffered")["reason"] == "changed"
    assert kinds(dialogue.text("2")) == ["BookingCancelled", "BookingConfirmed", "BookingMoved"]

    assert kinds(dialogue.text("canslo archeb")) == ["BookingCancelled"]
    assert [status for *_, status in dialogue.bookings()] == ["cancelled", "cancelled"]


def test_cymryd_accepts_the_place_held_from_the_waitlist(dialogue: Dialogue) -> None:
    [slot] = add_session(dialogue, 1)
    invite(dialogue)
    invite(dialogue, SOMEONE_ELSE)
    dialogue.text("ARCHEBU", who=SOMEONE_ELSE)
    dialogue.text("1", who=SOMEONE_ELSE)
    with dialogue.uows() as uow:
        waitlists.join_waitlist(JoinWaitlist(slot, PERSON), uow, clock=lambda: dialogue.now)
    dialogue.text("CANSLO ARCHEB", who=SOMEONE_ELSE)
    waitlists.expire_holds(dialogue.uows, dialogue.now)
    assert only(dialogue.published(), "PlaceOffered")["participant_id"] == PERSON

    confirmed = only(dialogue.text("Cymryd"), "BookingConfirmed")

    assert confirmed["participant_id"] == PERSON and confirmed["booked_via"] == "sms"
