"""A private Chorus on a three-broker cluster and PostgreSQL, two of every relay and consumer.

Starts what it needs itself (make test starts only the single broker): the cluster
(deploy/local/kafka-cluster.sh, fresh data each run), one PostgreSQL schema per service, a
recording proxy in front of stripe-mock and one in front of Prism (both stateless, so they count
at the wire), then the processes, started as tests/e2e/conftest.py starts its stack."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, text

from shared.bus.topics import ensure_topics
from shared.db import make_engine
from tests.cluster.fleet import Fleet, cluster, free_port
from tests.e2e.conftest import (
    PORTS,
    Stack,
    groups_from_the_end,
    migrate_all,
    stack_env,
)
from tests.stripe_recording_proxy import RecordingProxy
from tests.support import POSTGRES_URL, TWILIO_MOCK, wait_for_consumers
from tests.twilio_fault_proxy import FaultProxy

INSTANCES = 2  # of every relay and consumer (notifications' consumer is its dispatcher too)
REPLICATION = 3


@dataclass
class ClusterStack:
    stack: Stack  # for the e2e helpers (text_chorus, outbox)
    bootstrap: str
    fleet: Fleet
    engines: dict[str, Engine]
    twilio: FaultProxy
    stripe: RecordingProxy


def worker_names(kind: str) -> list[str]:
    return [f"{service}-{kind}-{n}" for service in PORTS for n in range(1, INSTANCES + 1)]


@pytest.fixture
def schemas() -> Iterator[dict[str, str]]:
    """A fresh PostgreSQL schema per service (as tests/support.py migrated_postgres makes one),
    dropped afterwards; the database URL of each."""
    names = {service: f"cluster_{service}_{uuid.uuid4().hex[:8]}" for service in PORTS}
    admin = make_engine(POSTGRES_URL)
    try:
        with admin.begin() as conn:
            for schema in names.values():
                conn.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as exc:
        pytest.fail(f"PostgreSQL is not answering at {POSTGRES_URL} (`make test` starts it): {exc}")
    try:
        yield {s: f"{POSTGRES_URL}?options=-csearch_path%3D{n}" for s, n in names.items()}
    finally:
        with admin.begin() as conn:
            for schema in names.values():
                conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def brokers() -> Iterator[str]:
    """The three-broker cluster, from empty; stopped afterwards."""
    cluster("reset")
    cluster("start")
    bootstrap = cluster("bootstrap")
    try:
        ensure_topics(bootstrap, replication_factor=REPLICATION)
        yield bootstrap
    finally:
        cluster("stop")


@pytest.fixture
def cluster_stack(
    brokers: str, schemas: dict[str, str], stand_ins: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ClusterStack]:
    work = tmp_path_factory.mktemp("cluster")
    twilio = FaultProxy(TWILIO_MOCK).start()
    stripe = RecordingProxy()
    stripe.start()
    ports = {service: free_port() for service in PORTS}
    env = stack_env(brokers, ports, schemas, stripe_api=stripe.url, twilio_api=twilio.url)
    env["KAFKA_REPLICATION_FACTOR"] = str(REPLICATION)
    migrate_all(env)
    groups = groups_from_the_end(brokers, env)
    fleet = Fleet(env, work)
    engines = {service: make_engine(url) for service, url in schemas.items()}
    try:
        urls = fleet.start_chorus(ports, INSTANCES)
        wait_for_consumers(brokers, groups, timeout=120)
        yield ClusterStack(Stack(urls, work), brokers, fleet, engines, twilio, stripe)
    finally:
        fleet.stop()
        for engine in engines.values():
            engine.dispose()
        twilio.stop()
        stripe.stop()
