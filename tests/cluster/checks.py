"""What must hold after the kills, counted where it cannot be fooled: texts and Stripe transfers
at the wire (the stand-ins are stateless), bookings in scheduling's database, and the order of
each key's events on the topics against the order their producer's outbox wrote them."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Engine, bindparam, text

from shared.bus.topics import TOPICS
from tests.stripe_recording_proxy import RecordingProxy
from tests.support import read_topic
from tests.twilio_fault_proxy import FaultProxy

WELCOME = "thanks for joining Chorus."


def texts_at_the_wire(twilio: FaultProxy, words: str) -> Counter[str]:
    """How many texts holding these words Twilio was asked to send, per number."""
    return Counter(m["to"] for m in twilio.state.log() if words in m["body"])


def confirmed_bookings(scheduling: Engine, slots: list[str]) -> list[tuple[str, str]]:
    """(participant, slot) of every confirmed booking of these times."""
    query = text(
        "SELECT participant_id, slot_id FROM bookings WHERE status = 'confirmed' "
        "AND slot_id IN :slots"
    ).bindparams(bindparam("slots", expanding=True))
    with scheduling.connect() as conn:
        return [(r[0], r[1]) for r in conn.execute(query, {"slots": slots})]


def transfers_per_entitlement(payments: Engine, stripe: RecordingProxy) -> dict[str, int]:
    """Stripe transfers created per entitlement: distinct idempotency keys of its attempts that
    reached Stripe (Stripe makes one transfer per key; a retry with the same key is the same)."""
    at_stripe = {seen.idempotency_key for seen in stripe.transfers()}
    with payments.connect() as conn:
        rows = conn.execute(text("SELECT entitlement_id, idempotency_key FROM payout_attempts"))
        made: dict[str, int] = defaultdict(int)
        for entitlement, key in rows:
            made[entitlement] += key in at_stripe
    return dict(made)


@dataclass
class Order:
    keys: int = 0
    events: int = 0
    duplicates: int = 0  # the same event published again (consumers' inboxes absorb these)
    unpublished: list[str] = field(default_factory=list)  # outbox rows never on their topic
    out_of_order: list[str] = field(default_factory=list)  # "topic key: outbox ids as read"


def unsent(engines: dict[str, Engine]) -> int:
    """Outbox rows not yet published, in all four services."""
    query = text("SELECT count(*) FROM outbox WHERE sent_at IS NULL")
    total = 0
    for engine in engines.values():
        with engine.connect() as conn:
            total += conn.execute(query).scalar_one()
    return total


def per_key_order(bootstrap: str, engines: dict[str, Engine]) -> Order:
    """Read every topic back and hold each key's events against their producers' outboxes."""
    written: dict[str, int] = {}  # event id -> outbox row id
    for engine in engines.values():
        with engine.connect() as conn:
            written.update(dict(conn.execute(text("SELECT event_id, id FROM outbox")).all()))
    published = []
    for topic in TOPICS:
        records = sorted(read_topic(bootstrap, topic.name), key=lambda r: (r.partition, r.offset))
        for record in records:
            if record.value is not None:  # a tombstone carries no event id
                published.append((topic.name, record.key, json.loads(record.value)["id"]))
    return order_of(published, written)


def order_of(published: Iterable[tuple[str, bytes, str]], written: dict[str, int]) -> Order:
    """Each key's events (one key, one partition: `published` in log order, as (topic, key,
    event id)) must come in the order their producer's outbox wrote them (`written`: event id
    to outbox row id), each event counted where it first appears; a later copy is a duplicate
    (consumers' inboxes absorb those), an outbox row never published is lost. Events no outbox
    wrote (a test's own) are not counted."""
    order = Order()
    seen: set[str] = set()
    by_key: dict[tuple[str, bytes], list[int]] = defaultdict(list)
    for topic, key, event_id in published:
        if event_id in seen:
            order.duplicates += 1
            continue
        seen.add(event_id)
        if event_id in written:
            by_key[(topic, key)].append(written[event_id])
    for (topic, key), ids in by_key.items():
        order.keys += 1
        order.events += len(ids)
        if ids != sorted(ids):
            order.out_of_order.append(f"{topic} {key.decode()}: {ids}")
    order.unpublished = sorted(set(written) - seen)
    return order
