"""Recruitment's consumer process: python -m services.recruitment.entrypoints.consumer

It runs the SMS sign-up dialogue: JOIN <CODE> and the replies to its questions arrive as
InboundSmsReceived on notifications.inbound-sms (see bootstrap.py)."""

from services.recruitment.entrypoints.bootstrap import wire_consumer
from shared.processes import consumer_main

if __name__ == "__main__":
    consumer_main("recruitment", wire_consumer)
