"""Issue #17 item 3, gap 5: a texted Y (or N) must get exactly one answer, though recruitment's
sign-up dialogue (its consent question takes Y) and scheduling's panel dialogue (Y joins, or
comes to a meeting) both consume notifications.inbound-sms.

They cannot both take it, by construction: notifications' InboundSmsReceived names the
participant when it knows the number and carries the number only when it does not (never
both); recruitment's sign-up dialogue runs only for a number it does not know (anyone it knows
gets JOIN, LEAVE, NOTE and UPDATES from it, and nothing else), and scheduling answers only a
named participant. This test proves it through the real consumers: each text goes in through
notifications' inbound handler, and the InboundSmsReceived it stages goes through recruitment's
and scheduling's consumer handler tables (decode, validation, inbox, handler, commit) into their
real migrated databases. A member with an open panel invitation and a stranger at the consent
question both text Y: the member's Y joins the panel and recruitment says nothing; the
stranger's Y answers the consent question and scheduling says nothing."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Engine, select

from services.notifications import bootstrap as notifications
from services.notifications.config import load_settings as notifications_settings
from services.notifications.inbound.commands import ReceiveSms
from services.recruitment import bootstrap as recruitment
from services.recruitment.activities.service_layer import activities
from services.recruitment.config import load_settings as recruitment_settings
from services.scheduling import bootstrap as scheduling
from services.scheduling.config import load_settings as scheduling_settings
from services.scheduling.panels import service_layer as panels
from services.scheduling.panels.commands import CreatePanel, InviteMembers
from shared.bus.consumer import ConsumerRunner, Subscription
from shared.bus.messagebus import MessageBus
from shared.bus.tables import outbox
from tests.support import migrated_engine

# What each service says back to a text (the facts notifications words as replies).
RECRUITMENT_ANSWERS = {"SignUpQuestionAsked", "SignUpReplied"}
SCHEDULING_ANSWERS = {
    "PanelMemberJoined",
    "PanelMemberLeft",
    "PanelMeetingAnswered",
    "BookingConfirmed",
    "BookingReplyNotUnderstood",
    "BookingOptionsOffered",
    "PollAnswered",
    "FeedbackRequested",
}


def _never() -> Any:
    raise AssertionError("no broker in this test")


class Service:
    """One service's migrated database, its bus and its real consumer (no broker: each record
    is handed to the runner as Kafka would)."""

    def __init__(self, engine: Engine, uows: Any, bus: MessageBus, sub: Subscription) -> None:
        self.engine, self.uows, self.bus = engine, uows, bus
        self.runner = ConsumerRunner(sub, uows, _never, _never)
        self.read = self._last()

    def _last(self) -> int:
        with self.engine.connect() as conn:
            rows = conn.execute(select(outbox.c.id).order_by(outbox.c.id.desc()).limit(1)).all()
        return rows[0].id if rows else 0

    def staged(self) -> list[Any]:
        """The outbox rows staged since last asked."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(outbox).where(outbox.c.id > self.read).order_by(outbox.c.id)
            ).all()
        if rows:
            self.read = rows[-1].id
        return rows

    def hears(self, rows: list[Any]) -> None:
        for row in rows:
            record = SimpleNamespace(topic=row.topic, partition=0, offset=0,
                                     key=row.key.encode(), value=row.payload.encode(),
                                     headers=[])  # fmt: skip
            self.runner.process(record)  # type: ignore[arg-type]


class Chorus:
    def __init__(self, tmp_path: Path) -> None:
        engine = migrated_engine("recruitment", tmp_path)
        uows = recruitment.uow_factory(engine)
        settings = recruitment_settings()
        bus = recruitment.bootstrap(settings=settings, engine=engine, uow_factory=uows)
        self.recruitment = Service(engine, uows, bus, recruitment.subscription(bus))
        engine = migrated_engine("scheduling", tmp_path)
        bus = scheduling.bootstrap(settings=scheduling_settings(), engine=engine)
        uows = scheduling.uow_factory(engine)
        self.scheduling = Service(engine, uows, bus, scheduling.subscription(bus))
        engine = migrated_engine("notifications", tmp_path)
        uows = notifications.sqlalchemy_uow_factory(engine)
        bus = notifications.bootstrap(uow_factory=uows, settings=notifications_settings())
        self.notifications = Service(engine, uows, bus, notifications.subscription(bus))
        self.notifications.staged()

    def text(self, phone: str, body: str) -> tuple[set[str], set[str]]:
        """A text through notifications' inbound handler; its InboundSmsReceived to both
        consumers. Returns what recruitment and scheduling staged in answer."""
        self.notifications.bus.handle(ReceiveSms(f"SM{uuid.uuid4().hex}", phone, body))
        inbound = [r for r in self.notifications.staged() if r.event_type == "InboundSmsReceived"]
        assert len(inbound) == 1, body
        self.recruitment.hears(inbound)
        self.scheduling.hears(inbound)
        said = self.recruitment.staged()
        # Recruitment's news of people (contact details) reaches the others, as on Kafka.
        contacts = [r for r in said if r.event_type == "ContactDetailsChanged"]
        self.notifications.hears(contacts)
        self.scheduling.hears(contacts)
        return {r.event_type for r in said}, {r.event_type for r in self.scheduling.staged()}


def _phone() -> str:
    return f"+447400{random.randrange(10**6):06d}"


def test_a_y_gets_one_answer_from_the_one_service_whose_question_is_open(
    tmp_path: Path,
) -> None:
    chorus = Chorus(tmp_path)
    code = f"Y{random.randrange(10**6):06d}"
    describe = activities.DescribeActivity(
        "Heart health panel", "Help us plan heart care.", "focus_group", ["online"], {}, {}
    )
    activity = activities.create_activity(describe, "test", chorus.recruitment.uows())
    activities.add_channel(activity, "sms", code, None, chorus.recruitment.uows())
    activities.set_status(activity, "open", chorus.recruitment.uows())

    # Mo signs up by text; recruitment knows Mo now, and so does notifications (their contact).
    mo = _phone()
    for words in (f"JOIN {code}", "Mo", "LS7 3EX", "AGREE", "NONE"):
        chorus.text(mo, words)
    with chorus.notifications.uows() as uow:
        contact = uow.contacts.by_phone(mo)
        assert contact is not None
        member = contact.participant_id

    # Scheduling asks Mo to join a panel (Mo is in its pool): a question Y answers.
    with chorus.scheduling.uows() as uow:  # as recruitment's ParticipantInvited tells it
        uow.dialogue.invited(member, activity, datetime.now(UTC))
        uow.commit()
    uows = chorus.scheduling.uows
    panels.create_panel(CreatePanel(activity, "Heart health panel", "online", None, (),
                                    "https://meet.example.org/heart"), uows())  # fmt: skip
    term = InviteMembers(activity, (member,), date(2027, 9, 1), date(2028, 8, 31))
    assert panels.invite_members(term, uows()) == [member]
    chorus.scheduling.staged()

    # Sam, a stranger, is at recruitment's consent question: another question Y answers.
    sam = _phone()
    for words in (f"JOIN {code}", "Sam", "LS7 3EX"):
        chorus.text(sam, words)

    recruitment_said, scheduling_said = chorus.text(mo, "Y")
    assert scheduling_said & SCHEDULING_ANSWERS == {"PanelMemberJoined"}
    assert recruitment_said & RECRUITMENT_ANSWERS == set()  # someone it knows: not its Y

    recruitment_said, scheduling_said = chorus.text(sam, "Y")
    assert recruitment_said & RECRUITMENT_ANSWERS == {"SignUpQuestionAsked"}  # help needed?
    assert scheduling_said == set()  # a number it cannot name: not its Y

    # And N alike: Sam's dialogue ends (nothing of theirs kept), Mo's membership is untouched.
    recruitment_said, scheduling_said = chorus.text(sam, "N")
    assert (recruitment_said & RECRUITMENT_ANSWERS, scheduling_said) == (
        {"SignUpQuestionAsked"},
        set(),
    )  # "N" is not a number of needs: asked again
