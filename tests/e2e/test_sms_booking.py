"""Booking by text, end to end: the person texts Chorus through the signed Twilio webhook (the
simulator), notifications forwards it on Kafka, scheduling's consumer answers with events, and
notifications texts the answers to the Twilio mock."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from services.scheduling.adapters.tables.sessions import bookings
from services.scheduling.bootstrap import uow_factory
from services.scheduling.sessions.commands import CreateSession
from services.scheduling.sessions.domain.planning import SlotPlan
from services.scheduling.sessions.service_layer import session_admin
from shared.db import make_engine
from tests.e2e.conftest import Stack
from tests.e2e.test_bookings import contact, outbox, publish
from tests.e2e.test_sms_simulator import text_chorus
from tests.e2e.test_thin_journey import unique_mobile
from tests.support import wait_until


def add_session(stack: Stack, activity: str) -> list[str]:
    engine = make_engine(f"sqlite:///{stack.logs / 'scheduling.db'}")
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    plans = tuple(
        SlotPlan(starts + timedelta(days=n), starts + timedelta(days=n, hours=1), 5)
        for n in range(2)
    )
    command = CreateSession(
        activity,
        "Making GP appointments easier",
        "online",
        None,
        (),
        "https://meet.example/x",
        plans,
    )
    with uow_factory(engine)() as uow:
        return [slot.id for slot in session_admin.create_session(command, uow).slots]


def test_book_and_cancel_by_text(stack: Stack, bootstrap: str) -> None:
    phone = unique_mobile()  # a random 079 number is in an unallocated range 1 time in 200
    national = "0" + phone[3:]
    pid, activity = str(uuid.uuid4()), str(uuid.uuid4())
    slots = add_session(stack, activity)
    contact(bootstrap, pid, phone=phone, preferred_channel="sms")
    # They signed up (on the web): an invitation waits for the sign-up's welcome to go first.
    signed_up = {
        "participant_id": pid,
        "sign_up_channel": "web",
        "preferred_channel": "sms",
        "language": "en",
        "signed_up_at": datetime.now(UTC),
    }
    publish(bootstrap, "recruitment.participant", "ParticipantSignedUp", "recruitment", signed_up)
    invitation = {
        "invitation_id": str(uuid.uuid4()),
        "participant_id": pid,
        "activity_id": activity,
        "activity_title": "Making GP appointments easier",
        "respond_by": None,
    }
    publish(bootstrap, "recruitment.invitation", "ParticipantInvited", "recruitment", invitation)

    def texts(template: str) -> list[dict]:
        return [
            m for m in outbox(stack, phone) if m["template"] == template and m["status"] == "sent"
        ]

    wait_until(lambda: texts("invitation"), timeout=60, what="the invitation text")

    text_chorus(stack, national, "BOOK")
    [options] = wait_until(lambda: texts("booking_options"), timeout=60, what="the options")
    assert options["body"].startswith('Chorus times for "Making GP appointments easier": reply 1')

    text_chorus(stack, national, "1.")
    [help_text] = wait_until(lambda: texts("booking_help"), timeout=60, what="the help text")
    assert help_text["body"].startswith("Sorry, we did not understand. Reply with one number")

    text_chorus(stack, national, "2")
    [booked] = wait_until(lambda: texts("booking_confirmed"), timeout=60, what="the booking")
    assert booked["body"].startswith("Chorus: you are booked for")

    engine = make_engine(f"sqlite:///{stack.logs / 'scheduling.db'}")
    with engine.connect() as conn:
        # Only this test's times: other tests book in the same stack's database.
        query = select(bookings.c.slot_id, bookings.c.status).where(bookings.c.slot_id.in_(slots))
        rows = conn.execute(query).all()
    assert [tuple(r) for r in rows] == [(slots[1], "confirmed")]

    text_chorus(stack, national, "CANCEL BOOKING")
    [cancelled] = wait_until(lambda: texts("booking_cancelled"), timeout=60, what="the cancel")
    assert "is cancelled" in cancelled["body"]
    assert len(texts("booking_confirmed")) == 1  # one booking, one confirmation
