"""Feedback after a session, end to end through the real processes and Kafka: a time they
attended ends; scheduling's consumer asks (FeedbackRequested); notifications texts "How was
it? Reply 1 to 5" to the Twilio mock; the person replies 4 and then some words through the
signed inbound webhook (the simulator); the coordinator's summary shows the 4 and the words,
without their name."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from services.scheduling.adapters.tables.sessions import slots
from services.scheduling.attendance import service_layer as attendance
from services.scheduling.attendance.commands import RecordAttendance
from services.scheduling.booking.commands import BookSlot
from services.scheduling.booking.service_layer import booking as handlers
from services.scheduling.bootstrap import uow_factory
from shared.db import make_engine
from tests.e2e.conftest import Stack
from tests.e2e.test_bookings import contact, outbox, publish
from tests.e2e.test_payment_journey import staff
from tests.e2e.test_sms_booking import add_session
from tests.e2e.test_sms_simulator import text_chorus
from tests.e2e.test_thin_journey import unique_mobile
from tests.support import wait_until

TITLE = "Making GP appointments easier"  # add_session's


def attended_a_time_that_ended(stack: Stack, activity: str, pid: str) -> None:
    """Booked and attended; then the time is moved into the past (the session pages refuse a
    past time), as if it ended two hours ago."""
    slot = add_session(stack, activity)[0]
    engine = make_engine(f"sqlite:///{stack.logs / 'scheduling.db'}")
    uows = uow_factory(engine)
    booking = handlers.book_slot(BookSlot(slot, pid), uows()).booking.id
    starts = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3)
    with engine.begin() as conn:
        conn.execute(
            update(slots)
            .where(slots.c.id == slot)
            .values(
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
                booking_opens_at=starts - timedelta(days=2),
                booking_closes_at=starts,
                cancel_by=starts,
            )
        )
    record = RecordAttendance(booking, "attended", None, str(uuid.uuid4()))
    attendance.record(record, uows())


def test_a_session_ends_they_reply_4_and_words_and_the_summary_shows_them(
    stack: Stack, bootstrap: str
) -> None:
    phone = unique_mobile()
    national = "0" + phone[3:]
    pid, activity = str(uuid.uuid4()), str(uuid.uuid4())
    name = f"Feedbacker{uuid.uuid4().hex[:6]}"
    contact(bootstrap, pid, phone=phone, preferred_channel="sms", preferred_name=name)
    signed_up = {"participant_id": pid, "sign_up_channel": "web", "preferred_channel": "sms",
                 "language": "en", "signed_up_at": datetime.now(UTC)}  # fmt: skip
    publish(bootstrap, "recruitment.participant", "ParticipantSignedUp", "recruitment", signed_up)
    attended_a_time_that_ended(stack, activity, pid)

    def texts(template: str) -> list[dict]:
        return [
            m for m in outbox(stack, phone) if m["template"] == template and m["status"] == "sent"
        ]

    [asked] = wait_until(lambda: texts("feedback_request"), timeout=120, what="the question")
    assert asked["body"].endswith(f'How was "{TITLE}"? Reply 1 to 5 (5 is best).'), asked["body"]

    text_chorus(stack, national, "4")
    [more] = wait_until(lambda: texts("feedback_reply"), timeout=60, what="the offer to say more")
    assert more["body"].endswith("Thank you. Reply with a few words if you want to say more.")

    text_chorus(stack, national, "The room was too warm")
    wait_until(lambda: len(texts("feedback_reply")) == 2, timeout=60, what="the thanks")
    assert texts("feedback_reply")[-1]["body"].endswith("Thank you for telling us how it went.")
    assert len(texts("feedback_request")) == 1  # asked once

    coordinator, _ = staff(["coordinator"])
    summary = f"{stack.urls['scheduling']}/book/manage/activities/{activity}/feedback"
    page = coordinator.get(summary, timeout=10)
    assert page.status_code == 200, page.text[:300]
    assert "The room was too warm" in page.text and "4.0 out of 5" in page.text
    assert name not in page.text and pid not in page.text
