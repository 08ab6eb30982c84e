"""A notifications consumer that dies (like a kill -9) right after its database commit,
before it can commit the Kafka offset. Run as a separate process by test_consumer_crash.py.

    python -m tests.notifications.integration.crashing_consumer BOOTSTRAP DATABASE_URL TOPIC GROUP
"""

from __future__ import annotations

import os
import sys
import threading

from services.notifications.bootstrap import subscription, uow_factory
from shared.bus.consumer import ConsumerRunner
from shared.bus.kafka_clients import make_consumer, make_producer
from shared.db import make_engine

CRASH_EXIT_CODE = 17


class CrashBeforeOffsetCommit(ConsumerRunner):
    def commit_offset(self, consumer, tp, next_offset):  # type: ignore[no-untyped-def]
        os._exit(CRASH_EXIT_CODE)  # no cleanup, no offset commit: as abrupt as a crash gets


def main() -> None:
    bootstrap, database_url, topic, group = sys.argv[1:5]
    sub = subscription()
    sub.topics, sub.group = [topic], group
    runner = CrashBeforeOffsetCommit(
        sub,
        uow_factory(make_engine(database_url)),
        consumer_factory=lambda: make_consumer(bootstrap, group, [topic]),
        producer_factory=lambda: make_producer(bootstrap, "crash-dlq"),
    )
    runner.run(threading.Event())
    sys.exit("the consumer stopped without crashing")


if __name__ == "__main__":
    main()
