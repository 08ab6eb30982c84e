"""kafka-python clients with every option that matters set explicitly.

Consumers take raw bytes: a deserializer that raises inside kafka-python can wedge poll(),
so decoding and validation happen in our own code (shared.bus.consumer).
"""

from __future__ import annotations

from kafka import KafkaConsumer, KafkaProducer


def make_producer(bootstrap: str, client_id: str, flushes: bool = False) -> KafkaProducer:
    """`flushes`: the caller sends a batch and then flushes it (the outbox relay), so records
    may wait to fill large requests: flush() sends them at once. Measured here, a relay then
    published about twice as fast, because kafka-python wakes its sender thread for every new
    request batch. A caller that waits on each send (the dead-letter path) keeps linger short."""
    return KafkaProducer(
        bootstrap_servers=bootstrap,
        client_id=client_id,
        acks="all",
        enable_idempotence=True,
        max_in_flight_requests_per_connection=5,  # the most idempotence allows and keeps order
        retries=2_147_483_647,
        delivery_timeout_ms=30_000,
        request_timeout_ms=10_000,
        max_block_ms=10_000,
        linger_ms=50 if flushes else 5,
        batch_size=128 * 1024 if flushes else 16 * 1024,
        compression_type=None,
        allow_auto_create_topics=False,
    )


# Kafka's own default. A partition batch is one database transaction, committed with one fsync:
# with 100 a poll spread over three partitions meant a commit every 33 records or so, which cost
# a SQLite consumer a quarter of its time. 500 still leaves each record 0.6 s of the poll limit;
# a consumer whose handlers call out (payments: Stripe) asks for fewer.
MAX_POLL_RECORDS = 500


def make_consumer(
    bootstrap: str, group_id: str, topics: list[str], max_poll_records: int = MAX_POLL_RECORDS
) -> KafkaConsumer:
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=group_id,
        client_id=f"{group_id}-consumer",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        isolation_level="read_committed",
        max_poll_records=max_poll_records,
        max_poll_interval_ms=300_000,
        session_timeout_ms=10_000,
        heartbeat_interval_ms=3_000,
        allow_auto_create_topics=False,
    )
    consumer.subscribe(topics)
    return consumer
