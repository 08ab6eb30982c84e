"""Recruitment's consumer process: python -m services.recruitment.entrypoints.consumer

It runs the SMS sign-up dialogue: JOIN <CODE> and the replies to its questions arrive as
InboundSmsReceived on notifications.inbound-sms; AttendanceRecorded marks who took part. When
idle it forgets silent dialogues and releases due invitation waves (bootstrap.wire_consumer)."""

from services.recruitment.bootstrap import wire_consumer
from shared.processes import consumer_main

if __name__ == "__main__":
    consumer_main("recruitment", wire_consumer)
