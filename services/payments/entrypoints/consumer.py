"""Payments's consumer process: python -m services.payments.entrypoints.consumer

It subscribes to nothing yet (its first events arrive with the payments issue) but runs, so that
operators and make run already have the process they will keep.
"""

from shared.entrypoints import consumer_main, idle_consumer_wiring

if __name__ == "__main__":
    consumer_main("payments", lambda _settings, engine: idle_consumer_wiring("payments", engine))
