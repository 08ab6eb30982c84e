"""Outcomes of sends are written in bulk, by the dispatcher's loop, not one transaction a text;
a message stays 'sending' until its outcome is written, so a crash in between leaves it
'unknown' and never resent."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from services.notifications.dispatch.service_layer.dispatcher import Dispatcher
from services.notifications.domain.model import Message
from services.notifications.messages.adapters.templates import FileTemplates
from services.notifications.ports import UnitOfWork
from tests.notifications.fakes import (
    FakeEmail,
    FakeSms,
    FakeUnitOfWork,
    Store,
    World,
    fake_link,
)

TEXTS = 10


class DatabaseAway(Exception):
    pass


def world_with_texts(
    concurrency: int = 1, on_send: Callable[[list[bool]], None] = lambda down: None
) -> tuple[World, list[bool]]:
    """TEXTS queued texts; `down[0] = True` makes every unit of work fail from then on."""
    store, down = Store(), [False]

    def uows() -> UnitOfWork:
        if down[0]:
            raise DatabaseAway("the database is away (or the process has died)")
        return FakeUnitOfWork(store)

    class Sms(FakeSms):
        def send(self, to: str, body: str, *, sender: str | None = None) -> str:
            on_send(down)
            return super().send(to, body, sender=sender)

    now = datetime.now(UTC)
    for i in range(TEXTS):
        message = Message("p", f"n{i}", "invitation", "sms", f"+4479110{i:05d}", "", "hi", "", now)
        store.messages[message.id] = message
    sms = Sms(store, "SM")
    dispatcher = Dispatcher(
        uows,
        FileTemplates(),
        sms,
        FakeEmail(store, "<msg"),
        links=fake_link,
        quiet_hours=None,
        batch=TEXTS,
        concurrency=concurrency,
    )
    return World(store, sms, FakeEmail(store, "<msg"), dispatcher), down


def statuses(world: World) -> set[str]:
    return {m.status for m in world.store.messages.values()}


def test_the_outcomes_of_a_claim_s_texts_are_written_in_one_unit_of_work() -> None:
    world, _ = world_with_texts(concurrency=4)

    assert world.dispatcher.tick() == TEXTS

    assert statuses(world) == {"sent"}
    assert world.store.commits == 3  # resolving, the claim, and all ten outcomes at once
    assert sorted(m.provider_ref or "" for m in world.store.messages.values()) == sorted(
        f"SM-{i}" for i in range(1, TEXTS + 1)
    )


def test_a_crash_between_sending_and_writing_leaves_unknown_never_resent() -> None:
    world, down = world_with_texts(on_send=_database_away)  # or the process dies, mid-send
    with pytest.raises(DatabaseAway):
        world.dispatcher.tick()
    assert len(world.sms.sent) == TEXTS  # they went...
    assert statuses(world) == {"sending"}  # ...but no outcome was written

    down[0] = False
    restarted = world.restart(after=world.dispatcher.lease.lease + timedelta(seconds=1))
    assert restarted.recover_interrupted() == TEXTS
    assert statuses(world) == {"unknown"}
    assert restarted.tick() == 0
    assert len(world.sms.sent) == TEXTS  # not one text twice


def test_outcomes_the_database_could_not_take_are_written_at_the_next_turn() -> None:
    world, down = world_with_texts(on_send=_database_away)
    with pytest.raises(DatabaseAway):
        world.dispatcher.tick()
    assert statuses(world) == {"sending"}

    down[0] = False  # back a moment later, in the same process
    world.dispatcher.tick()

    assert statuses(world) == {"sent"}
    assert len(world.sms.sent) == TEXTS


def test_stopping_the_sending_thread_writes_every_outcome_first() -> None:
    stop = threading.Event()
    # Stopped as the first text goes: the others on their way go too, and are written.
    world, _ = world_with_texts(concurrency=4, on_send=lambda _: stop.set())

    sender = world.dispatcher.keep_sending(stop)
    sender.join(timeout=10)

    assert not sender.is_alive()
    sent = [m for m in world.store.messages.values() if m.status != "queued"]
    assert sent and len(sent) == len(world.sms.sent)
    assert {m.status for m in sent} == {"sent"}  # none left 'sending' by a live process


def _database_away(down: list[bool]) -> None:
    down[0] = True  # from now on nothing reaches the database: no outcome is written
