"""Recruitment's consumer process: python -m services.recruitment.entrypoints.consumer

It subscribes to nothing yet (the SMS sign-up dialogue of the recruitment issue will consume
notifications.inbound-sms) but runs, so that operators and make run already have the process.
"""

from shared.entrypoints import consumer_main, idle_consumer_wiring

if __name__ == "__main__":
    consumer_main(
        "recruitment", lambda _settings, engine: idle_consumer_wiring("recruitment", engine)
    )
