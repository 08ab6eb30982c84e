"""Two dispatcher instances on one real PostgreSQL database, sending through the real Twilio SDK
to Prism (behind the fault proxy, whose log says when each create reached "Twilio"): each text
goes exactly once, and together they stay within SMS_PER_SECOND, counted in the database and at
the wire."""

from __future__ import annotations

import dataclasses
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
import requests
from sqlalchemy import Engine, select

from services.notifications.adapters.orm import messages
from services.notifications.adapters.senders import SmtpEmailSender, TwilioSmsSender
from services.notifications.bootstrap import uow_factory
from services.notifications.config import load_settings
from services.notifications.dispatch.service_layer.dispatcher import Dispatcher
from services.notifications.domain.model import Message
from services.notifications.messages.adapters.templates import FileTemplates
from shared.config import Secret
from tests.support import TWILIO_MOCK, all_at_once, busiest_second, migrated_postgres
from tests.twilio_fault_proxy import FaultProxy

pytestmark = [pytest.mark.usefixtures("stand_ins"), pytest.mark.postgres]
RATE = 20  # texts a second, for both instances together


@pytest.fixture
def engine() -> Iterator[Engine]:
    with migrated_postgres("notifications") as engine:
        yield engine


@pytest.fixture
def proxy() -> Iterator[FaultProxy]:
    proxy = FaultProxy(TWILIO_MOCK).start()
    yield proxy
    proxy.stop()


def dispatcher(
    engine: Engine, proxy: FaultProxy, clock: Callable[[], datetime] | None = None
) -> Dispatcher:
    settings = dataclasses.replace(
        load_settings("notifications"),
        twilio_account_sid="AC00000000000000000000000000000000",
        twilio_auth_token=Secret("test-token"),
        twilio_from_number="+447700900000",
        twilio_api_base=proxy.url,
    )
    return Dispatcher(
        uow_factory(engine),
        FileTemplates(),
        TwilioSmsSender(settings),
        SmtpEmailSender(settings),
        links=lambda link_id, purpose: "",
        clock=clock or (lambda: datetime.now(UTC)),
        quiet_hours=None,
        sms_per_second=RATE,
        concurrency=8,
    )


def queue_texts(engine: Engine, count: int) -> set[str]:
    """`count` texts due now, each to a number of its own; returns the numbers."""
    uows, now = uow_factory(engine), datetime.now(UTC)
    numbers = {f"+4479{uuid.uuid4().int % 10**8:08d}" for _ in range(count)}
    with uows() as uow:
        for to in numbers:
            pid = str(uuid.uuid4())
            uow.messages.add(
                Message(pid, str(uuid.uuid4()), "welcome", "sms", to, "", "Hi", "", now)
            )
        uow.commit()
    return numbers


def claims(engine: Engine) -> list[tuple[str, str, float]]:
    """(status, claimed_by, claimed_at) of every message."""
    query = select(messages.c.status, messages.c.claimed_by, messages.c.claimed_at)
    with engine.connect() as conn:
        return [(s, by, at.timestamp() if at else 0.0) for s, by, at in conn.execute(query)]


def wire_times(proxy: FaultProxy) -> dict[str, list[float]]:
    log = requests.get(f"{proxy.url}/__fault__/log", timeout=5).json()
    times: dict[str, list[float]] = {}
    for create in log:
        times.setdefault(create["to"], []).append(datetime.fromisoformat(create["at"]).timestamp())
    return times


def send_until_done(instance: Dispatcher, engine: Engine, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        instance.run_for(1.0)
        if all(status == "sent" for status, _, _ in claims(engine)):
            return
        time.sleep(0.05)


def test_two_dispatchers_send_each_text_once_and_together_keep_the_rate(
    engine: Engine, proxy: FaultProxy
) -> None:
    numbers = queue_texts(engine, 3 * RATE + 10)
    first, second = dispatcher(engine, proxy), dispatcher(engine, proxy)
    first.lease.heartbeat()  # both alive, as two consumer processes would be after start-up
    second.lease.heartbeat()
    results = all_at_once(
        [lambda: send_until_done(first, engine), lambda: send_until_done(second, engine)]
    )
    assert results == [None, None]

    rows = claims(engine)
    assert Counter(status for status, _, _ in rows) == {"sent": len(numbers)}
    assert {by for _, by, _ in rows} == {first.lease.instance, second.lease.instance}
    assert busiest_second([at for _, _, at in rows]) <= RATE  # claims, in the database
    at_the_wire = wire_times(proxy)
    assert {to: len(times) for to, times in at_the_wire.items()} == dict.fromkeys(numbers, 1)
    # At the wire, arrival times carry the loopback's and the threads' jitter (tens of ms on a
    # busy machine), which no sender controls: judged over a second less a 50 ms allowance.
    arrived = [t for times in at_the_wire.values() for t in times]
    assert busiest_second(arrived, window=0.95) <= RATE


def test_two_claims_at_once_share_one_second_s_budget(engine: Engine, proxy: FaultProxy) -> None:
    """Each claim counts what was claimed in the last second, then claims the rest of the rate.
    A slow clock holds both claims between the count and the claim: without one claim at a time
    across instances, both would count nothing claimed and take the whole rate each."""

    def slow_clock() -> datetime:
        time.sleep(0.3)
        return datetime.now(UTC)

    queue_texts(engine, 3 * RATE)
    first, second = (dispatcher(engine, proxy, slow_clock) for _ in range(2))
    taken = all_at_once([first.claim_due, second.claim_due])
    assert sorted(len(batch) for batch in taken) == [0, RATE]  # type: ignore[arg-type]


def test_a_bulk_claim_takes_no_row_another_instance_holds(
    engine: Engine, proxy: FaultProxy
) -> None:
    queue_texts(engine, 30)
    with engine.connect() as conn:
        held = list(conn.scalars(select(messages.c.id).limit(10)))
    raw = engine.raw_connection()
    try:  # another instance, between reading these rows and marking them 'sending'
        raw.cursor().execute("SELECT id FROM messages WHERE id = ANY(%s) FOR UPDATE", (held,))
        started = time.monotonic()
        taken = dispatcher(engine, proxy).claim_due()
        assert time.monotonic() - started < 5  # skipped, not waited for
        assert len(taken) == RATE  # a second's worth, none of them held
        assert not {item.id for item in taken} & set(held)
    finally:
        raw.rollback()
        raw.close()
