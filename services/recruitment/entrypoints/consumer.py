"""Recruitment's consumer process: python -m services.recruitment.entrypoints.consumer

It subscribes to nothing yet (the SMS sign-up dialogue of the recruitment issue will consume
notifications.inbound-sms) but runs, so that operators and make run already have the process.
"""

from services.recruitment.adapters.orm import start_mappers
from services.recruitment.adapters.unit_of_work import RecruitmentUnitOfWork
from shared.bus.consumer import Subscription
from shared.db import make_session_factory
from shared.entrypoints import ConsumerWiring, consumer_main


def wire_consumer(settings, engine) -> ConsumerWiring:  # type: ignore[no-untyped-def]
    start_mappers()
    sessions = make_session_factory(engine)
    subscription = Subscription(group="recruitment", handlers={}, topics=[])
    return ConsumerWiring(subscription, lambda: RecruitmentUnitOfWork(sessions))


if __name__ == "__main__":
    consumer_main("recruitment", wire_consumer)
