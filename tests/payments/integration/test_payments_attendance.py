"""AttendanceRecorded on the real broker becomes one entitlement per booking, however often it
is delivered; the other booking events on the topic are skipped, not dead-lettered."""

from __future__ import annotations

import dataclasses
import json
import uuid
from pathlib import Path

from sqlalchemy import select

from services.payments.adapters.orm import entitlements
from shared.bus.tables import outbox
from shared.events.envelope import decode, encode
from tests.contract.test_event_samples import SAMPLES
from tests.payments.consuming import payments_consumer
from tests.support import (
    committed_offset,
    migrated_engine,
    produce,
    read_topic,
    running,
    wait_until,
)


def sample(type_: str, **data: object) -> bytes:
    envelope = decode((SAMPLES / f"{type_}.v1.json").read_bytes())
    fresh = dataclasses.replace(envelope, id=str(uuid.uuid4()), data={**envelope.data, **data})
    return encode(fresh)


def test_attendance_makes_one_entitlement_per_booking(
    bootstrap: str, topic: str, tmp_path: Path
) -> None:
    engine = migrated_engine("payments", tmp_path)
    booking = str(uuid.uuid4())
    attended = sample("AttendanceRecorded", booking_id=booking)  # 60 of 90 minutes
    corrected = sample("AttendanceRecorded", booking_id=booking, outcome="attended")
    no_show = sample("AttendanceRecorded", booking_id=str(uuid.uuid4()), outcome="no_show")
    cancelled = sample("BookingCancelled")
    key = b"3f0c9a52-6b1e-4d27-8a94-7c2e5b1d0f68"
    produce(
        bootstrap, topic, [(key, v) for v in (attended, attended, corrected, no_show, cancelled)]
    )

    runner, group = payments_consumer(bootstrap, engine, topic)
    with running(runner.run):
        wait_until(lambda: committed_offset(bootstrap, group, topic) == 5, what="all handled")

    with engine.connect() as conn:
        rows = conn.execute(select(entitlements.c.booking_id, entitlements.c.amount_pence)).all()
        created = (
            conn.execute(
                select(outbox.c.payload).where(outbox.c.event_type == "EntitlementCreated")
            )
            .scalars()
            .all()
        )
    assert rows == [(booking, 2500)]  # an hour at NIHR's default £25; the correction is ignored
    assert len(created) == 1
    # The session's start travels on, so the approval message can name its day.
    starts = decode(SAMPLES.joinpath("AttendanceRecorded.v1.json").read_bytes()).data
    assert json.loads(created[0])["data"]["session_starts_at"] == starts["session_starts_at"]
    assert read_topic(bootstrap, f"{topic}.dlq", timeout=2) == []
