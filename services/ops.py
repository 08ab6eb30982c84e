"""Operator commands behind `chorus dlq`, `chorus status` and `chorus rotate-secret`.

Dead letters: a consumer that cannot handle a message puts it on `<topic>.dlq` with headers
`dlq_reason`, `dlq_consumer` and `dlq_source` (shared.bus.consumer). Replaying re-publishes the
message to its original topic with its original key; consumers' inboxes make a message that was
handled before a no-op, and one that still cannot be handled goes back to the DLQ. A dead letter
of a person who erased themselves is never replayed (it would bring their contact details back):
recruitment keeps the bare ids of erased people for this, and replay refuses when it cannot
read them.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from kafka import KafkaConsumer, TopicPartition
from sqlalchemy import select

from services.notifications.config import load_settings as notifications_settings
from services.payments.config import load_settings as payments_settings
from services.recruitment.adapters.orm import erased_participants as erased_table
from shared.bus.kafka_clients import make_producer
from shared.bus.topics import dead_letter
from shared.config import SERVICE_PORTS, load_settings
from shared.db import make_engine
from shared.metrics import consumer_lag, outbox_state


@dataclass(frozen=True)
class DeadLetter:
    offset: int
    key: bytes | None
    value: bytes | None
    headers: dict[str, str]
    event_id: str
    event_type: str

    participant_id: str = ""  # the envelope's data.participant_id, when it has one


def _envelope_fields(value: bytes | None) -> tuple[str, str, str]:
    try:
        envelope = json.loads(value or b"")
        data = envelope.get("data") or {}
        whose = data.get("participant_id") if isinstance(data, dict) else None
        return str(envelope.get("id", "")), str(envelope.get("type", "")), str(whose or "")
    except (ValueError, AttributeError):
        return "", "", ""  # not an envelope at all (the reason says why)


def dead_letters(bootstrap: str, topic: str, timeout_s: float = 10.0) -> list[DeadLetter]:
    """Every message now on `<topic>.dlq`, oldest first (read without a consumer group)."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    try:
        name = dead_letter(topic)
        partitions = [TopicPartition(name, p) for p in consumer.partitions_for_topic(name) or []]
        if not partitions:
            raise SystemExit(f"no topic {name}")
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        end = consumer.end_offsets(partitions)
        records: list[Any] = []
        for _ in range(int(timeout_s / 0.5)):
            if all(consumer.position(tp) >= end[tp] for tp in partitions):
                break
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend(batch)
    finally:
        consumer.close()
    found = []
    for r in sorted(records, key=lambda r: (r.partition, r.offset)):
        headers = {k: v.decode(errors="replace") for k, v in r.headers or []}
        found.append(DeadLetter(r.offset, r.key, r.value, headers, *_envelope_fields(r.value)))
    return found


def dlq_list(bootstrap: str, topic: str) -> list[str]:
    lines = []
    for d in dead_letters(bootstrap, topic):
        lines.append(
            f"{d.offset}\t{d.event_id or '-'}\t{d.event_type or '-'}\t"
            f"{d.headers.get('dlq_consumer', '-')}\t{d.headers.get('dlq_reason', '-')}"
        )
    return lines or [f"{dead_letter(topic)} is empty"]


def erased_participants() -> set[str]:
    """The bare ids recruitment keeps of people who erased themselves (nothing else of them)."""
    engine = make_engine(load_settings("recruitment").database_url)
    try:
        with engine.connect() as conn:
            return set(conn.execute(select(erased_table.c.participant_id)).scalars())
    finally:
        engine.dispose()


def of_erased(d: DeadLetter, erased: set[str]) -> bool:
    """Keyed by an erased id (a contact's details), or about one (any event's participant_id)."""
    key = (d.key or b"").decode(errors="replace")
    return key in erased or d.participant_id in erased


@dataclass(frozen=True)
class Replay:
    replayed: int
    refused: list[str]  # event ids of erased people's dead letters, left where they are


def dlq_replay(
    bootstrap: str, topic: str, event_id: str | None = None, erased: set[str] | None = None
) -> Replay:
    """Re-publish dead letters (all, or those of one event id) to topic, except erased people's."""
    chosen = [d for d in dead_letters(bootstrap, topic) if event_id in (None, d.event_id)]
    if not chosen:
        return Replay(0, [])
    erased = erased_participants() if erased is None else erased
    refused = [d for d in chosen if of_erased(d, erased)]
    chosen = [d for d in chosen if d not in refused]
    producer = make_producer(bootstrap, "chorus-dlq-replay")
    try:
        for d in chosen:
            source = d.headers.get("dlq_source", "").encode()
            producer.send(topic, key=d.key, value=d.value, headers=[("dlq_replayed", source)])
        producer.flush(timeout=30)
    finally:
        producer.close(timeout=5)
    return Replay(len(chosen), [d.event_id or f"offset {d.offset}" for d in refused])


def status() -> list[str]:
    """Per service: outbox backlog and oldest age; per consumer group: lag per partition."""
    lines = []
    for service in SERVICE_PORTS:
        settings = load_settings(service)
        try:
            engine = make_engine(settings.database_url)
            count, age = outbox_state(engine)
            engine.dispose()
            lines.append(f"{service}: outbox backlog {count}, oldest unsent {age:.0f}s")
        except Exception as exc:
            lines.append(f"{service}: outbox unreadable: {type(exc).__name__}")
        group = settings.consumer_group_prefix + service
        try:
            lag = consumer_lag(settings.kafka_bootstrap_servers, group)
        except Exception as exc:
            lines.append(f"  group {group}: lag unknown: {type(exc).__name__}")
            continue
        if not lag:
            lines.append(f"  group {group}: no committed offsets")
        for (topic, partition), behind in sorted(lag.items()):
            lines.append(f"  group {group}: {topic}[{partition}] lag {behind}")
    return lines


ROTATION_STEPS = {
    "twilio": """Rotating the Twilio auth token (used by notifications web and consumer):
 1. Twilio console > Account > API keys & tokens: create a secondary auth token.
 2. Put it in TWILIO_AUTH_TOKEN in the deployment's secret store (.env), then run
    `chorus rotate-secret twilio` there: it checks the new token against Twilio's API.
 3. Promote the secondary token to primary in the console and, straight after, restart
    notifications-web and notifications-consumer. Twilio signs webhooks with the primary token,
    so inbound SMS and status callbacks fail their signature check between these two steps:
    do it at a quiet time. The old token stops working when promoted.""",
    "stripe": """Rotating the Stripe secret key (used by payments web and consumer):
 1. Stripe dashboard > Developers > API keys: roll the secret key and keep the old one valid
    for a while (say 1 hour).
 2. Put the new key in STRIPE_API_KEY in the deployment's secret store (.env), then run
    `chorus rotate-secret stripe` there: it checks the new key against Stripe's API.
 3. Restart payments-web and payments-consumer before the old key expires.
 The webhook signing secret (STRIPE_WEBHOOK_SECRET) is rolled on the webhook endpoint's page;
 Stripe signs with both for up to 24 hours, so update it and restart payments-web in that time.""",
}


def _get(url: str, authorization: str) -> int:
    request = urllib.request.Request(url, headers={"Authorization": authorization})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, OSError):
        return 0  # no answer at all


def check_secret(which: str) -> tuple[bool, str]:
    """Does the value now in the environment work? (ok, what was checked)."""
    if which == "twilio":
        settings = notifications_settings()
        sid, token = settings.twilio_account_sid, str(settings.twilio_auth_token)
        if not sid or not token:
            return False, "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must both be set"
        basic = base64.b64encode(f"{sid}:{token}".encode()).decode()
        url = f"{settings.twilio_api_base}/2010-04-01/Accounts/{sid}.json"
        code = _get(url, f"Basic {basic}")
    else:
        stripe = payments_settings()  # payments' own settings hold Stripe's
        key = str(stripe.stripe_api_key)
        if not key:
            return False, "STRIPE_API_KEY is not set"
        url = f"{stripe.stripe_api_base}/v1/balance"
        code = _get(url, f"Bearer {key}")
    return code == 200, f"GET {url} answered {code}"
