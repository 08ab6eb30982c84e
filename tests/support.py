"""Helpers for tests that use the real parts: Kafka topics, migrated databases, waiting."""

from __future__ import annotations

import dataclasses
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
from flask import Flask
from flask.testing import FlaskClient
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic
from kafka.structs import OffsetAndMetadata
from sqlalchemy import Engine

from shared.bus.kafka_clients import make_producer
from shared.db import make_engine
from shared.migrations import upgrade

ROOT = Path(__file__).resolve().parent.parent
MAILPIT_API = "http://127.0.0.1:8025/api/v1"


def mailpit_received(message: dict[str, Any]) -> datetime:
    """When Mailpit took a message in. Its `Created` is RFC 3339 with trailing zeros trimmed
    ("...:54Z" at a whole second, "...:54.342Z" otherwise), so its strings do not sort."""
    return datetime.fromisoformat(message["Created"])


TWILIO_MOCK = "http://127.0.0.1:4010"


def answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code < 500
    except requests.RequestException:
        return False


def wait_until(
    check: Callable[[], Any], timeout: float = 30.0, interval: float = 0.2, what: str = ""
) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what or check}")
        time.sleep(interval)


def migrated_engine(service: str, directory: Path) -> Engine:
    url = f"sqlite:///{directory / f'{service}.db'}"
    upgrade(f"services.{service}.adapters:migrations", url)
    return make_engine(url)


def without_migrations_announcements(engine: Engine) -> Engine:
    """The engine with its outbox emptied: recruitment's migrations stage announcements (the
    first organisation, accounts from before an event existed), and a test of the relay's own
    rows counts from none."""
    from shared.bus.tables import outbox

    with engine.begin() as conn:
        conn.execute(outbox.delete())
    return engine


def organisation_changed(organisation_id: str, changed_at: str, **data: Any) -> tuple[bytes, bytes]:
    """OrganisationChanged (the contract's sample with `data` over it) as recruitment publishes
    it on recruitment.organisation: keyed by the organisation's id, an envelope of its own."""
    from shared.events.envelope import decode, encode
    from tests.contract.test_event_samples import SAMPLES

    envelope = decode((SAMPLES / "OrganisationChanged.v1.json").read_bytes())
    data = {**envelope.data, **data, "organisation_id": organisation_id, "changed_at": changed_at}
    fresh = dataclasses.replace(envelope, id=str(uuid.uuid4()), key=organisation_id, data=data)
    return organisation_id.encode(), encode(fresh)


def create_topic(bootstrap: str, partitions: int = 1) -> str:
    """A fresh topic (and its dead-letter topic) that no other test writes to."""
    name = f"test.{uuid.uuid4().hex[:12]}"
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        admin.create_topics([NewTopic(name, partitions, 1), NewTopic(f"{name}.dlq", 1, 1)])
    finally:
        admin.close()
    return name


def produce(bootstrap: str, topic: str, messages: list[tuple[bytes, bytes | None]]) -> None:
    producer: KafkaProducer = make_producer(bootstrap, "tests")
    try:
        for key, value in messages:
            producer.send(topic, key=key, value=value).get(timeout=30)
    finally:
        producer.close()


def read_topic(bootstrap: str, topic: str, timeout: float = 10.0) -> list[Any]:
    """Every record now on the topic, from the beginning (no consumer group)."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    try:
        partitions = [
            TopicPartition(topic, p) for p in (consumer.partitions_for_topic(topic) or [])
        ]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        end = consumer.end_offsets(partitions)
        records: list[Any] = []
        deadline = time.monotonic() + timeout
        while (
            any(consumer.position(tp) < end[tp] for tp in partitions)
            and time.monotonic() < deadline
        ):
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend(batch)
        return records
    finally:
        consumer.close()


def committed_offset(bootstrap: str, group: str, topic: str, partition: int = 0) -> int | None:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    try:
        return consumer.committed(TopicPartition(topic, partition))
    finally:
        consumer.close()


@contextmanager
def running(work: Callable[[threading.Event], None]) -> Iterator[threading.Event]:
    """Run a relay's or consumer's run(stop) in a thread for the duration of the block."""
    stop = threading.Event()
    errors: list[BaseException] = []

    def target() -> None:
        try:
            work(stop)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    try:
        yield stop
    finally:
        stop.set()
        thread.join(timeout=30)
    if errors:
        raise errors[0]


def signed_up_event(participant_id: str | None = None, **overrides: Any) -> Any:
    """A ParticipantSignedUp envelope as recruitment would publish it (data overridable)."""
    from shared.events.envelope import Envelope

    pid = participant_id or str(uuid.uuid4())
    data = {
        "participant_id": pid,
        "sign_up_channel": "web",
        "preferred_channel": "sms",
        "language": "en",
        "signed_up_at": "2026-11-26T10:30:00+00:00",
        **overrides.pop("data", {}),
    }
    fields = {
        "type": "ParticipantSignedUp",
        "version": 1,
        "producer": "recruitment",
        "key": pid,
        "data": data,
        "correlation_id": str(uuid.uuid4()),
        **overrides,
    }
    return Envelope(**fields)


def start_at_the_end(bootstrap: str, group: str, topics: list[str]) -> None:
    """A new consumer group starts at the earliest offsets, so it would replay the broker's whole
    history and welcome again everyone any stack ever signed up. Commit the current ends for our
    group first: our consumer sees only what happens from now on."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    try:
        partitions = [
            TopicPartition(topic, p)
            for topic in topics
            for p in consumer.partitions_for_topic(topic) or ()
        ]
        ends = consumer.end_offsets(partitions)
        consumer.commit({tp: OffsetAndMetadata(end, "", -1) for tp, end in ends.items()})
    finally:
        consumer.close()


def wait_for_consumers(bootstrap: str, groups: list[str], timeout: float = 90) -> None:
    """Until each group has members with their partitions (Stable): a stack whose consumers are
    still joining would miss nothing, but a test could outrun them (an emailed link opened
    before scheduling has heard of the invitation)."""
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:

        def stable() -> bool:
            described = admin.describe_groups(groups)
            return all(
                described[g]["group_state"] == "Stable" and described[g]["members"] for g in groups
            )

        wait_until(stable, timeout=timeout, what=f"consumer groups {groups} to join")
    finally:
        admin.close()


POSTGRES_URL = os.environ.get(
    "CHORUS_TEST_POSTGRES_URL", "postgresql://chorus@127.0.0.1:5433/chorus_test"
)


@contextmanager
def captured_logs(*modules: Any) -> Iterator[list[dict[str, Any]]]:
    """structlog.testing.capture_logs for modules whose `log` may be cached already
    (configure_logging caches a logger on its first use, and a cached logger is deaf to
    capture_logs): each module's `log` is a fresh one for the duration."""
    import structlog
    from structlog.testing import capture_logs

    saved = [module.log for module in modules]
    with capture_logs() as logs:
        for module in modules:
            module.log = structlog.get_logger()
        try:
            yield logs
        finally:
            for module, log in zip(modules, saved, strict=True):
                module.log = log


@contextmanager
def postgres_schema(prefix: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL schema; yields the URL that works inside it. Dropped after."""
    import pytest
    from sqlalchemy import text

    schema = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = make_engine(POSTGRES_URL)
    try:
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as exc:
        pytest.fail(f"PostgreSQL is not answering at {POSTGRES_URL} (`make test` starts it): {exc}")
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@contextmanager
def migrated_postgres(service: str) -> Iterator[Engine]:
    """A fresh PostgreSQL schema migrated from nothing, so the real migrations' constraints and
    indexes are what a concurrency test exercises; dropped afterwards."""
    with postgres_schema(service) as url:
        upgrade(f"services.{service}.adapters:migrations", url)
        engine = make_engine(url)
        try:
            yield engine
        finally:
            engine.dispose()


def busiest_second(times: list[float], window: float = 1.0) -> int:
    """The most events inside any window of `window` seconds (a send rate's true peak)."""
    times, best, start = sorted(times), 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


def all_at_once(calls: list[Callable[[], Any]], timeout: float = 120) -> list[Any]:
    """Run every call in its own thread, released together; returns results or exceptions."""
    start = threading.Barrier(len(calls), timeout=30)
    results: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        start.wait()
        try:
            results[index] = calls[index]()
        except Exception as exc:
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results


def staff_client(
    app: Flask, roles: Iterable[str], staff_id: str | None = None, name: str = "Cora"
) -> FlaskClient:
    """A test client signed in as a staff member with these roles (the session a staff sign-in
    leaves), for pages and APIs that check roles."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["staff"] = {
            "id": staff_id or str(uuid.uuid4()),
            "name": name,
            "roles": sorted(roles),
            "issued_at": datetime.now(UTC).isoformat(),
        }
    return client


def service_app(service: str, settings: Any, engine: Engine) -> Flask:
    """Any service's web app on this engine, for the tests that build each in turn. Scheduling's
    app takes the message bus its bootstrap builds (with its own settings on top of these)."""
    import importlib

    create_app = importlib.import_module(f"services.{service}.entrypoints.app").create_app
    if service == "scheduling":
        from services.scheduling.bootstrap import bootstrap
        from services.scheduling.config import load_settings

        return create_app(bootstrap(settings=load_settings(settings), engine=engine))  # type: ignore[no-any-return]
    if service == "recruitment":
        from services.recruitment.bootstrap import bootstrap as recruitment_bootstrap
        from services.recruitment.config import load_settings as recruitment_settings

        common = {f.name: getattr(settings, f.name) for f in dataclasses.fields(settings)}
        own = dataclasses.replace(recruitment_settings(), **common)
        return create_app(recruitment_bootstrap(settings=own, engine=engine))  # type: ignore[no-any-return]
    return create_app(settings, engine)  # type: ignore[no-any-return]
