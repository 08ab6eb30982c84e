"""Chorus on a three-broker Kafka cluster and PostgreSQL, two of every relay and consumer, under
a steady load of sign-ups, SMS bookings and payouts: one broker is SIGKILLed, then one instance
of every relay and consumer, then all are started again. Nothing may be lost, doubled or
reordered per key: one welcome per sign-up, one booking per person within each time's places,
one Stripe transfer per payout, and every key's events in the order they were written."""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor

import pytest

from tests.cluster.checks import (
    WELCOME,
    confirmed_bookings,
    per_key_order,
    texts_at_the_wire,
    transfers_per_entitlement,
    unsent,
)
from tests.cluster.conftest import ClusterStack, worker_names
from tests.cluster.fleet import cluster, kill_broker
from tests.cluster.journeys import BOOKED, Person, open_activity, pay_out, sign_up_and_book
from tests.support import wait_until

SIGN_UPS = 30  # each one books by text too
PAYOUTS = 10
CAPACITY = 20  # of each of the two times: the first fills, and some are offered the other
ARRIVAL_SECONDS = 1.5  # between one person's arrival and the next: a steady load
KILLED_BROKER = 2


def chaos(stack: ClusterStack, done: threading.Event, said: list[str]) -> None:
    """Kill a broker, then one of each relay and consumer, then start them all again."""
    started = time.monotonic()

    def at(seconds: float, what: str) -> None:
        done.wait(max(0.0, seconds - (time.monotonic() - started)))
        said.append(f"{time.monotonic() - started:5.1f}s {what}")

    at(10, f"SIGKILL broker {KILLED_BROKER}")
    kill_broker(KILLED_BROKER)
    victims = [name for name in worker_names("relay") + worker_names("consumer") if name[-1] == "1"]
    at(20, f"SIGKILL {', '.join(victims)}")
    for name in victims:
        stack.fleet.kill(name)
    at(35, "start them again")
    for name in victims:
        stack.fleet.start(name)
    cluster("start", KILLED_BROKER)
    said.append(f"{time.monotonic() - started:5.1f}s broker {KILLED_BROKER} back")


@pytest.mark.timeout(900)  # a busy machine: the stack alone takes a minute to start
def test_nothing_lost_doubled_or_reordered_when_a_broker_and_instances_die(
    cluster_stack: ClusterStack,
) -> None:
    stack, engines = cluster_stack.stack, cluster_stack.engines
    activity = open_activity(engines, CAPACITY)
    began = time.monotonic()
    timeline: list[str] = []
    done = threading.Event()
    havoc = threading.Thread(target=chaos, args=(cluster_stack, done, timeline))
    havoc.start()

    def journey(index: int) -> tuple[Person, str | None]:
        time.sleep(index * ARRIVAL_SECONDS)
        person = sign_up_and_book(stack, cluster_stack.twilio, engines, activity)
        if index >= PAYOUTS:
            return person, None
        return person, pay_out(stack, cluster_stack.bootstrap, engines, person)

    try:
        with ThreadPoolExecutor(max_workers=SIGN_UPS) as pool:
            futures: list[Future[tuple[Person, str | None]]] = [
                pool.submit(journey, i) for i in range(SIGN_UPS)
            ]
            results = [future.result() for future in futures]
    finally:
        done.set()
        havoc.join(timeout=300)
    assert not cluster_stack.fleet.dead(), f"processes died: {cluster_stack.fleet.dead()}"
    people = [person for person, _ in results]
    entitlements = [e for _, e in results if e is not None]
    phones = {person.phone for person in people}

    # Let the outboxes drain and the last texts go out, then count.
    wait_until(lambda: unsent(engines) == 0, 120, 1, "every outbox row to be published")
    welcomes = wait_until(
        lambda: (w := texts_at_the_wire(cluster_stack.twilio, WELCOME)).keys() >= phones and w,
        120,
        1,
        "every welcome text",
    )
    time.sleep(5)  # a doubled text would go out within a dispatcher tick or two
    welcomes = texts_at_the_wire(cluster_stack.twilio, WELCOME)
    booked_texts = texts_at_the_wire(cluster_stack.twilio, BOOKED)
    bookings = confirmed_bookings(engines["scheduling"], activity.slots)
    per_slot = Counter(slot for _, slot in bookings)
    per_person = Counter(pid for pid, _ in bookings)
    transfers = transfers_per_entitlement(engines["payments"], cluster_stack.stripe)
    order = per_key_order(cluster_stack.bootstrap, engines)
    elapsed = time.monotonic() - began

    print("\n" + "\n".join(["cluster suite timeline:", *timeline]))
    print(
        f"cluster suite: sign-ups={len(people)} welcome texts={sum(welcomes[p] for p in phones)} "
        f"bookings={len(bookings)} (per time {sorted(per_slot.values())}, capacity {CAPACITY}) "
        f"booking texts={sum(booked_texts[p] for p in phones)} payouts={len(entitlements)} "
        f"stripe transfers={sum(transfers.values())} kills={len(cluster_stack.fleet.kills) + 1} "
        f"keys={order.keys} events={order.events} duplicates={order.duplicates} "
        f"out of order={len(order.out_of_order)} "
        f"BOOK again={sum(p.asked_again for p in people)} seconds={elapsed:.0f}"
    )
    assert {p: welcomes[p] for p in phones} == dict.fromkeys(phones, 1)
    assert {p: booked_texts[p] for p in phones} == dict.fromkeys(phones, 1)
    assert sorted(per_person) == sorted(str(p.participant_id) for p in people)
    assert set(per_person.values()) == {1}
    assert all(count <= CAPACITY for count in per_slot.values()), per_slot
    assert {e: transfers.get(e, 0) for e in entitlements} == dict.fromkeys(entitlements, 1)
    assert len(cluster_stack.stripe.transfers()) >= len(entitlements)
    assert not order.unpublished, f"{len(order.unpublished)} outbox rows never reached Kafka"
    assert not order.out_of_order, "\n".join(order.out_of_order[:20])
