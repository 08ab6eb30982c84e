"""Scheduling's consumer process: python -m services.scheduling.entrypoints.consumer

It subscribes to nothing yet (its first events arrive with the scheduling issue) but runs, so that
operators and make run already have the process they will keep.
"""

from shared.bus.consumer import Subscription
from shared.entrypoints import ConsumerWiring, consumer_main, plain_unit_of_work


def wire_consumer(settings, engine) -> ConsumerWiring:  # type: ignore[no-untyped-def]
    return ConsumerWiring(
        Subscription(group="scheduling", handlers={}, topics=[]),
        plain_unit_of_work("scheduling", engine),
    )


if __name__ == "__main__":
    consumer_main("scheduling", wire_consumer)
