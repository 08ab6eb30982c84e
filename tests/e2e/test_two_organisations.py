"""Issue #16: two organisations on one deployment, one person taking part with both, through
the real services' processes and the real broker. Each organisation's texts come from its own
number and say its name; a reply to a number books only that organisation's times; leaving
one keeps the other; erasure from one leaves the other's messages and bookings as they were.

Recruitment's part is played by its events (the organisations, activities, sign-up,
invitations, leaving and erasure it announces); the person's part is texts, through the SMS
simulator and Twilio's signed webhook, to each organisation's own number."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from services.scheduling.adapters.tables.activities import activity_organisations
from services.scheduling.adapters.tables.sessions import bookings
from services.scheduling.bootstrap import uow_factory
from services.scheduling.sessions.commands import CreateSession
from services.scheduling.sessions.domain.planning import SlotPlan
from services.scheduling.sessions.service_layer import session_admin
from shared.db import make_engine
from shared.events.envelope import Envelope, encode
from shared.events.registry import dump_data
from tests.e2e.conftest import Stack
from tests.e2e.test_bookings import contact, outbox, publish
from tests.e2e.test_sms_simulator import text_chorus
from tests.e2e.test_thin_journey import unique_mobile
from tests.support import produce, wait_until


def announce(bootstrap: str, topic: str, type_: str, key: str, data: dict[str, Any]) -> None:
    envelope = Envelope(
        type=type_, version=1, producer="recruitment", key=key,
        data=dump_data(type_, 1, data), correlation_id=str(uuid.uuid4()),
    )  # fmt: skip
    produce(bootstrap, topic, [(key.encode(), encode(envelope))])


def an_organisation(bootstrap: str, name: str, number: str) -> str:
    organisation_id = str(uuid.uuid4())
    short = "".join(c for c in name.upper() if c.isalnum())[:12] + f"{random.randrange(10**6):06d}"
    announce(bootstrap, "recruitment.organisation", "OrganisationChanged", organisation_id, {
        "organisation_id": organisation_id, "name": name, "short_name": short,
        "welsh_name": None, "public_contact": "0113 000 0000", "privacy_notice_url": None,
        "accessibility_contact": None, "logo_url": None, "sms_sender": number,
        "email_from_name": None, "email_from_address": None, "stripe_account": None,
        "finance_threshold_pence": 50000, "changed_at": datetime.now(UTC)})  # fmt: skip
    return organisation_id


def an_activity(bootstrap: str, organisation_id: str, title: str) -> str:
    activity_id = str(uuid.uuid4())
    announce(bootstrap, "recruitment.activity", "ActivityPublished", activity_id, {
        "activity_id": activity_id, "title": title, "status": "open", "rate_pence": 2500,
        "rate_unit": "hour", "expenses_covered": True, "changed_at": datetime.now(UTC),
        "organisation_id": organisation_id})  # fmt: skip
    return activity_id


def a_number() -> str:
    return f"+4477009{random.randrange(10**5):05d}"


def test_two_organisations_one_person_two_numbers(stack: Stack, bootstrap: str) -> None:
    leeds_number, hywel_number = a_number(), a_number()
    leeds = an_organisation(bootstrap, "Leeds ICB", leeds_number)
    hywel = an_organisation(bootstrap, "Hywel Dda", hywel_number)
    gp = an_activity(bootstrap, leeds, "Making GP appointments easier")
    food = an_activity(bootstrap, hywel, "Better hospital food")

    scheduling = make_engine(f"sqlite:///{stack.logs / 'scheduling.db'}")

    def known_activities() -> bool:
        with scheduling.connect() as conn:
            query = select(activity_organisations.c.activity_id).where(
                activity_organisations.c.activity_id.in_([gp, food])
            )
            return len(conn.execute(query).all()) == 2

    wait_until(known_activities, timeout=60, what="scheduling to hear of both activities")
    slot_of = {}
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=4)
    for activity, title in ((gp, "Making GP appointments easier"), (food, "Better hospital food")):
        plan = SlotPlan(starts, starts + timedelta(hours=1), 5)
        command = CreateSession(activity, title, "online", None, (), "https://meet.example/x",
                                (plan,))  # fmt: skip
        with uow_factory(scheduling)() as uow:
            slot_of[activity] = session_admin.create_session(command, uow).slots[0].id

    phone = unique_mobile()
    national = "0" + phone[3:]
    pid = str(uuid.uuid4())
    contact(bootstrap, pid, phone=phone, preferred_channel="sms")
    publish(bootstrap, "recruitment.participant", "ParticipantSignedUp", "recruitment", {
        "participant_id": pid, "sign_up_channel": "web", "preferred_channel": "sms",
        "language": "en", "signed_up_at": datetime.now(UTC)})  # fmt: skip
    for activity, title in ((gp, "Making GP appointments easier"), (food, "Better hospital food")):
        publish(bootstrap, "recruitment.invitation", "ParticipantInvited", "recruitment", {
            "invitation_id": str(uuid.uuid4()), "participant_id": pid, "activity_id": activity,
            "activity_title": title, "respond_by": None})  # fmt: skip

    def texts(template: str, sender: str) -> list[dict[str, Any]]:
        return [
            m
            for m in outbox(stack, phone)
            if m["template"] == template and m["status"] == "sent" and m["sender"] == sender
        ]

    # Each invitation from its organisation's own number, in its name.
    [leeds_invite] = wait_until(lambda: texts("invitation", leeds_number), timeout=90,
                                what="Leeds ICB's invitation")  # fmt: skip
    assert leeds_invite["body"].startswith('Leeds ICB: would you like to help with "Making GP')
    [hywel_invite] = wait_until(lambda: texts("invitation", hywel_number), timeout=60,
                                what="Hywel Dda's invitation")  # fmt: skip
    assert hywel_invite["body"].startswith('Hywel Dda: would you like to help with "Better')

    # BOOK to Leeds's number offers Leeds's times, though Hywel Dda's invitation came last.
    text_chorus(stack, national, "BOOK", to=leeds_number)
    [options] = wait_until(lambda: texts("booking_options", leeds_number), timeout=60,
                           what="Leeds's times")  # fmt: skip
    assert '"Making GP appointments easier"' in options["body"]
    text_chorus(stack, national, "1", to=leeds_number)
    [booked] = wait_until(lambda: texts("booking_confirmed", leeds_number), timeout=60,
                          what="the Leeds booking")  # fmt: skip
    assert booked["body"].startswith("Leeds ICB: you are booked for")

    text_chorus(stack, national, "BOOK", to=hywel_number)
    wait_until(lambda: texts("booking_options", hywel_number), timeout=60, what="Hywel's times")
    text_chorus(stack, national, "1", to=hywel_number)
    wait_until(lambda: texts("booking_confirmed", hywel_number), timeout=60, what="Hywel booked")

    def booking_states() -> dict[str, str]:
        with scheduling.connect() as conn:
            query = select(bookings.c.slot_id, bookings.c.status).where(
                bookings.c.participant_id == pid
            )
            return {slot: status for slot, status in conn.execute(query)}

    assert booking_states() == {slot_of[gp]: "confirmed", slot_of[food]: "confirmed"}

    # They leave Hywel Dda: its place is freed; Leeds keeps theirs.
    announce(bootstrap, "recruitment.participant", "ParticipantLeftOrganisation", pid, {
        "participant_id": pid, "organisation_id": hywel, "left_at": datetime.now(UTC)})  # fmt: skip
    wait_until(lambda: booking_states()[slot_of[food]] != "confirmed", timeout=60,
               what="Hywel Dda's place to be freed")  # fmt: skip
    assert booking_states()[slot_of[gp]] == "confirmed"

    # They ask Leeds to forget them: Leeds's messages go; Hywel Dda's stay, as do their details.
    erasure = {"participant_id": pid, "organisation_id": leeds, "requested_at": datetime.now(UTC)}
    announce(bootstrap, "recruitment.participant", "ErasureFromOrganisationRequested", pid, erasure)
    wait_until(lambda: not [m for m in outbox(stack, phone) if m["sender"] == leeds_number],
               timeout=60, what="Leeds's messages to go")  # fmt: skip
    kept = {m["template"] for m in outbox(stack, phone) if m["sender"] == hywel_number}
    assert {"invitation", "booking_options", "booking_confirmed"} <= kept
    # Scheduling: Leeds's booking is freed and no longer theirs; Hywel Dda's is still theirs.
    wait_until(lambda: slot_of[gp] not in booking_states(), timeout=60,
               what="Leeds's booking to lose their id")  # fmt: skip
    assert booking_states() == {slot_of[food]: "cancelled"}
