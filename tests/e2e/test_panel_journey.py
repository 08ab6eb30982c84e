"""An advisory panel end to end, through real processes, the real broker and the Twilio mock:
a member is invited for a term and says yes by text; a monthly series across the October clock
change asks them to each meeting, one at a time as it comes near, at the right UK time (the
texts say 6:00pm each month, while UTC moves from 17:00 to 18:00); they say yes by text to each
(bookings), attend one, and
payments makes what they are owed from AttendanceRecorded."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from services.scheduling.adapters.tables.sessions import bookings, slots
from services.scheduling.attendance import service_layer as attendance
from services.scheduling.attendance.commands import RecordAttendance
from services.scheduling.bootstrap import uow_factory
from services.scheduling.panels import service_layer as panels
from services.scheduling.panels.commands import CreatePanel, InviteMembers, ScheduleSeries
from services.scheduling.panels.domain import Series
from shared.db import make_engine
from tests.e2e.conftest import Stack
from tests.e2e.test_bookings import contact, outbox, publish
from tests.e2e.test_payment_journey import staff
from tests.e2e.test_sms_simulator import text_chorus
from tests.e2e.test_thin_journey import unique_mobile
from tests.support import wait_until

TITLE = "Heart health"


def test_a_monthly_panel_across_the_clock_change_by_text_to_payment(
    stack: Stack, bootstrap: str
) -> None:
    phone = unique_mobile()
    national = "0" + phone[3:]
    pid, activity = str(uuid.uuid4()), str(uuid.uuid4())
    contact(bootstrap, pid, phone=phone, preferred_channel="sms", preferred_name="Dee")
    signed_up = {
        "participant_id": pid,
        "sign_up_channel": "web",
        "preferred_channel": "sms",
        "language": "en",
        "signed_up_at": datetime.now(UTC),
    }  # a message to them waits for their welcome to go first
    publish(bootstrap, "recruitment.participant", "ParticipantSignedUp", "recruitment", signed_up)
    invitation = {
        "invitation_id": str(uuid.uuid4()),
        "participant_id": pid,
        "activity_id": activity,
        "activity_title": TITLE,
        "respond_by": None,
    }  # recruitment invited them: the activity's pool, which the panel invites from
    publish(bootstrap, "recruitment.invitation", "ParticipantInvited", "recruitment", invitation)

    def texts(template: str) -> list[dict]:
        return [
            m for m in outbox(stack, phone) if m["template"] == template and m["status"] == "sent"
        ]

    wait_until(lambda: texts("invitation"), timeout=60, what="the activity's invitation")
    engine = make_engine(f"sqlite:///{stack.logs / 'scheduling.db'}")
    uows = uow_factory(engine)
    coordinator = "Leeds Civic Hall, LS1 1UR"
    panels.create_panel(CreatePanel(activity, TITLE, "in_person", coordinator, (), None), uows())
    term = InviteMembers(activity, (pid,), date(2027, 9, 1), date(2028, 8, 31))
    assert panels.invite_members(term, uows()) == [pid]

    [asked] = wait_until(lambda: texts("panel_invitation"), timeout=60, what="the invitation")
    assert f'join the "{TITLE}" panel from 1 September 2027 to 31 August 2028' in asked["body"]
    assert "Reply Y to join" in asked["body"]

    text_chorus(stack, national, "Y")
    [joined] = wait_until(lambda: texts("panel_answered"), timeout=60, what="the welcome")
    assert joined["body"].startswith("Thanks. You are on the panel.")

    series = Series(2, 1, time(18, 0), 120, date(2027, 9, 1), 3)  # 2nd Tuesday, 6pm
    meetings = panels.schedule_series(ScheduleSeries(activity, series, 20), uows())
    assert [m.starts_at for m in meetings] == [
        datetime(2027, 9, 14, 17, 0, tzinfo=UTC),
        datetime(2027, 10, 12, 17, 0, tzinfo=UTC),
        datetime(2027, 11, 9, 18, 0, tzinfo=UTC),  # GMT again: still 6pm in the UK
    ]
    # One question at a time, as each meeting comes near: the hourly job, run here as on the
    # first of each month. Each says 6pm UK time; yes by text books it.
    asking = [
        (date(2027, 9, 1), "Tuesday 14 September, 6:00pm"),
        (date(2027, 10, 1), "Tuesday 12 October, 6:00pm"),
        (date(2027, 11, 1), "Tuesday 9 November, 6:00pm"),
    ]
    for n, (on, day) in enumerate(asking, start=1):
        assert panels.ask_members(uows(), datetime.combine(on, time(9), UTC)) >= 1
        invited = wait_until(
            lambda n=n: (found := texts("panel_meeting")) and len(found) == n and found,
            timeout=60,
            what=f"meeting invitation {n}",
        )
        bodies = [m["body"] for m in invited]
        assert any(day in body and "Reply Y or N" in body for body in bodies), (day, bodies)
        text_chorus(stack, national, "Y")
        wait_until(
            lambda n=n: len(texts("booking_confirmed")) == n,
            timeout=60,
            what=f"booking {n} confirmed",
        )
    slot_ids = [m.slot_id for m in meetings]
    with engine.connect() as conn:
        query = (
            select(bookings.c.id, slots.c.starts_at)
            .join(slots, slots.c.id == bookings.c.slot_id)
            .where(bookings.c.participant_id == pid, bookings.c.status == "confirmed")
            .where(bookings.c.slot_id.in_(slot_ids))
            .order_by(slots.c.starts_at)
        )
        booked = conn.execute(query).all()
    assert len(booked) == 3

    # The October meeting (the last before the clocks go back) happens; they attend it all.
    october = meetings[1]
    after = lambda: october.ends_at + timedelta(minutes=5)  # noqa: E731
    recorded = RecordAttendance(booked[1].id, "attended", None, str(uuid.uuid4()))
    attendance.record(recorded, uows(), after)

    payments = stack.urls["payments"]
    staff_browser, _ = staff(["coordinator"])
    listing = f"{payments}/api/payments/entitlements?participant_id={pid}"
    [owed] = wait_until(
        lambda: staff_browser.get(listing, timeout=5).json(), timeout=60, what="the entitlement"
    )
    assert owed["status"] == "pending" and owed["booking_id"] == booked[1].id
    assert owed["activity_id"] == activity
