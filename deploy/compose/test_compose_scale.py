"""make compose-test's check of docker-compose.scale.yml: three Kafka brokers (replication factor
3, min.insync.replicas 2), one of them stopped mid-way and started again.

Run by deploy/compose/run.sh against the stack it started with both compose files; it shares
test_compose.py's helpers (podman, the public address, the first admin)."""

from __future__ import annotations

import pytest
from journeys import Messages, People, bookings_counted_once, settle
from test_compose import (
    BASE,
    admin,  # noqa: F401  (the fixture staff needs)
    book,
    container,
    email_of,
    healthy,
    outbox,
    podman,
    sign_up,
    staff,  # noqa: F401
    started_at,
    unique_mobile,
    wait_until,
)

pytestmark = pytest.mark.timeout(1200)
STOPPED = "kafka"  # node 1: the first bootstrap address, a controller voter, a partition leader


def test_the_topics_have_three_replicas() -> None:
    described = podman(
        "exec", container("kafka-2"), "/opt/kafka/bin/kafka-topics.sh",
        "--bootstrap-server", "localhost:9092", "--describe", "--topic", "recruitment.participant",
    )  # fmt: skip
    assert "ReplicationFactor: 3" in described, described
    assert "min.insync.replicas=2" in described, described


def test_a_broker_stopped_and_started_again_loses_and_duplicates_nothing(
    staff: tuple,  # noqa: F811
) -> None:
    """People sign up and are booked before one broker stops, while it is stopped (their
    messages arrive with two brokers left), and after it started again. Each gets exactly one
    welcome text, one welcome email and a booking confirmation; every booking counts once."""
    people = People(staff, unique_mobile, sign_up, book)
    messages = Messages(outbox, email_of)
    people.sign_up_and_book(10)
    podman("stop", "-t", "10", container(STOPPED))
    try:
        while_stopped = people.sign_up_and_book(10)
        wait_until(lambda: messages.all_arrived(while_stopped), 240, "messages with a broker down")
        messages.report(while_stopped, f"{STOPPED} stopped")
    finally:
        stopped_at = started_at(STOPPED)
        podman("start", container(STOPPED))
    assert started_at(STOPPED) != stopped_at
    healthy(STOPPED)
    people.sign_up_and_book(10)
    try:
        wait_until(lambda: messages.all_arrived(people.phones), 300, "every message")
    finally:
        messages.report(people.phones, "three brokers, all arrived")
    settle()
    assert messages.report(people.phones, "three brokers, 20 s later") == (0, 0)
    bookings_counted_once(people, BASE)
