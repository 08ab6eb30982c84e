"""Scheduling's consumer process: python -m services.scheduling.entrypoints.consumer

It runs the SMS booking dialogue (notifications.inbound-sms), learns who was invited to what
(recruitment.invitation), keeps names and needs for staff pages, organisations
(recruitment.organisation) and staff sign-outs, lets go of people who withdraw or are
forgotten, and does the idle work (bootstrap.wire_consumer)."""

from services.scheduling.bootstrap import wire_consumer
from shared.processes import consumer_main

if __name__ == "__main__":
    consumer_main("scheduling", wire_consumer)
