"""Recruitment's consumer process: python -m services.recruitment.entrypoints.consumer

It runs the SMS sign-up dialogue: JOIN <CODE> and the replies to its questions arrive as
InboundSmsReceived on notifications.inbound-sms; AttendanceRecorded marks who took part. When
idle it forgets silent dialogues and releases due invitation waves (see bootstrap.py)."""

from __future__ import annotations

from sqlalchemy import Engine

from services.recruitment.bootstrap import bootstrap, subscription, uow_factory
from services.recruitment.config import load_settings
from services.recruitment.invitations.commands import ReleaseDueInvitations
from services.recruitment.signups.commands import ForgetSilentDialogues
from shared.config import Settings
from shared.periodic import every
from shared.processes import ConsumerWiring, consumer_main


def wire_consumer(_shared: Settings, engine: Engine) -> ConsumerWiring:
    uows = uow_factory(engine)
    bus = bootstrap(settings=load_settings(), engine=engine, uow_factory=uows)
    # A dialogue nobody answered for a day is deleted with its answers, even if no text comes.
    forget = every(600, lambda: bus.handle(ForgetSilentDialogues()))
    # Invitation waves go out when due; each person is checked again at that moment.
    invite = every(30, lambda: bus.handle(ReleaseDueInvitations()))

    def idle() -> None:
        forget()
        invite()

    return ConsumerWiring(subscription=subscription(bus), uow_factory=uows, on_idle=idle)


if __name__ == "__main__":
    consumer_main("recruitment", wire_consumer)
