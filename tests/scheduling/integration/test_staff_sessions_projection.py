"""'Sign out everywhere' reaches the other services through Kafka: scheduling's consumer records
the StaffSessionsRevoked event and scheduling then refuses sessions issued before it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import session

from services.scheduling import bootstrap as scheduling
from services.scheduling.config import load_settings
from services.scheduling.entrypoints.app import create_app
from shared import staff_sessions
from shared.auth import current_staff
from shared.bus.consumer import ConsumerRunner, Subscription
from shared.bus.kafka_clients import make_consumer, make_producer
from shared.events.envelope import Envelope, encode
from shared.processes import plain_unit_of_work
from tests.support import migrated_engine, produce, running, wait_until


def test_scheduling_refuses_sessions_from_before_a_sign_out_everywhere(
    bootstrap: str, topic: str, tmp_path: Path
) -> None:
    engine = migrated_engine("scheduling", tmp_path)
    staff_id = str(uuid.uuid4())
    signed_out_at = datetime.now(UTC)
    event = Envelope(
        "StaffSessionsRevoked",
        1,
        "recruitment",
        staff_id,
        {"staff_id": staff_id, "valid_after": signed_out_at.isoformat()},
        "corr-1",
    )
    produce(bootstrap, topic, [(staff_id.encode(), encode(event))])

    sub = Subscription("scheduling-test-" + topic, dict(staff_sessions.HANDLERS), [topic])
    runner = ConsumerRunner(
        sub,
        plain_unit_of_work("scheduling", engine),
        consumer_factory=lambda: make_consumer(bootstrap, sub.group, sub.topics),
        producer_factory=lambda: make_producer(bootstrap, "test-dlq"),
    )
    lookup = staff_sessions.valid_after_lookup(engine)
    with running(runner.run):
        wait_until(
            lambda: lookup(staff_id) == signed_out_at, timeout=60, what="the revocation to arrive"
        )

    app = create_app(scheduling.bootstrap(settings=load_settings(), engine=engine))
    for issued_at, still_valid in (
        (signed_out_at - timedelta(seconds=1), False),
        (signed_out_at + timedelta(seconds=1), True),
    ):
        with app.test_request_context("/book"):
            session["staff"] = {
                "id": staff_id,
                "name": "Cora",
                "roles": ["coordinator"],
                "issued_at": issued_at.isoformat(),
            }
            assert (current_staff() is not None) is still_valid
