"""Names for staff pages reach scheduling through the real broker (a private topic, the
service's own subscription): a participant's preferred name and needs from ContactDetailsChanged,
emptied by the recruitment.contact tombstone and by ErasureRequested; a staff member's name from
StaffProfileChanged, where a late, older profile changes nothing."""

from __future__ import annotations

import dataclasses
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from services.scheduling.adapters.tables.attendance import participant_needs
from services.scheduling.adapters.tables.people import participant_names, staff_names
from services.scheduling.bootstrap import subscription
from shared.bus.consumer import ConsumerRunner
from shared.bus.kafka_clients import make_consumer, make_producer
from shared.events.envelope import decode, encode
from tests.contract.test_event_samples import SAMPLES
from tests.scheduling.integration.test_scheduling_forgetting import Stack, event
from tests.support import committed_offset, produce, read_topic, running, wait_until


class NamesStack(Stack):
    def deliver_keyed(self, *messages: tuple[str, bytes | None]) -> None:
        """As Stack.deliver, with keys and tombstones, read as recruitment.contact's are."""
        produce(self.bootstrap, self.topic, [(k.encode(), v) for k, v in messages])
        self.sent += len(messages)
        sub = subscription()
        sub.group, sub.topics = f"scheduling-test-{uuid.uuid4().hex[:8]}", [self.topic]
        sub.tombstones = {self.topic: sub.tombstones["recruitment.contact"]}
        runner = ConsumerRunner(
            sub,
            self.uows,
            consumer_factory=lambda: make_consumer(self.bootstrap, sub.group, [self.topic]),
            producer_factory=lambda: make_producer(self.bootstrap, "scheduling-test-dlq"),
        )
        with running(runner.run):
            wait_until(
                lambda: committed_offset(self.bootstrap, sub.group, self.topic) == self.sent,
                what="every event handled",
            )
        assert read_topic(self.bootstrap, f"{self.topic}.dlq", timeout=1) == []

    def names(self, who: str) -> dict[str, str]:
        with self.uows() as uow:
            return uow.names.participants([who])

    def needs(self, who: str) -> int:
        return self.rows(participant_needs, who)


@pytest.fixture
def stack(bootstrap: str, topic: str, tmp_path: Path) -> NamesStack:
    return NamesStack(bootstrap, topic, tmp_path)


def contact(who: str, name: str) -> bytes:
    return event("ContactDetailsChanged", who, preferred_name=name, support_needs=["bsl"])


def profile(staff_id: str, name: str, changed_at: str) -> bytes:
    envelope = decode((SAMPLES / "StaffProfileChanged.v1.json").read_bytes())
    data: dict[str, Any] = {**envelope.data, "staff_id": staff_id, "name": name}
    data["changed_at"] = changed_at
    return encode(dataclasses.replace(envelope, id=str(uuid.uuid4()), key=staff_id, data=data))


def test_a_name_is_kept_changed_and_emptied_by_the_tombstone(stack: NamesStack) -> None:
    who = str(uuid.uuid4())
    stack.deliver_keyed((who, contact(who, "Aled")), (who, contact(who, "Aled Hughes")))
    assert stack.names(who) == {who: "Aled Hughes"} and stack.needs(who) == 1

    stack.deliver_keyed((who, None))  # recruitment forgot them
    assert stack.names(who) == {} and stack.needs(who) == 0
    assert stack.rows(participant_names, who) == 0


def test_erasure_empties_the_name(stack: NamesStack) -> None:
    who, other = str(uuid.uuid4()), str(uuid.uuid4())
    stack.deliver_keyed((who, contact(who, "Bethan Jones")), (other, contact(other, "Carys")))
    stack.deliver_keyed((who, event("ErasureRequested", who)))
    assert stack.rows(participant_names, who) == 0 and stack.needs(who) == 0
    assert stack.names(other) == {other: "Carys"}  # nobody else's


def test_staff_names_follow_the_latest_profile(stack: NamesStack) -> None:
    cora = str(uuid.uuid4())
    stack.deliver_keyed(
        (cora, profile(cora, "Cora Coordinator", "2026-11-26T15:00:00+00:00")),
        (cora, profile(cora, "Cora Evans", "2026-11-27T09:00:00+00:00")),
        (cora, profile(cora, "Cora (old)", "2026-11-20T09:00:00+00:00")),  # late and older
    )
    with stack.engine.connect() as conn:
        names = conn.execute(select(staff_names.c.name).where(staff_names.c.staff_id == cora))
        assert names.scalars().all() == ["Cora Evans"]
