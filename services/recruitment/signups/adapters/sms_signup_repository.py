"""Where SMS sign-ups in progress are kept, and the unit of work recruitment's consumer uses.

The table is declared in orm.py with the others (declaring it here made orm.py and the unit of
work import each other); its migration is 0006. Rows hold a stranger's answers for at most a
day, then are deleted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, fields
from datetime import datetime
from typing import Any, Self

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from services.recruitment.adapters.orm import sms_sign_ups
from services.recruitment.adapters.outgoing import announce
from services.recruitment.adapters.unit_of_work import RecruitmentUnitOfWork
from services.recruitment.signups.domain.sms_signup import (
    SignUpQuestionAsked,
    SignUpReplied,
    SmsSignUp,
)
from shared.bus.tables import outbox
from shared.bus.unit_of_work import OutgoingEvent, SqlAlchemyUnitOfWork

DIALOGUE_TOPIC = "recruitment.sms-dialogue"

_FIELDS = [f.name for f in fields(SmsSignUp)]


class SqlAlchemySmsSignUpRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, phone: str) -> SmsSignUp | None:
        row = self.session.execute(select(sms_sign_ups).where(sms_sign_ups.c.phone == phone))
        found = row.mappings().first()
        return SmsSignUp(**{name: found[name] for name in _FIELDS}) if found else None

    def save(self, dialogue: SmsSignUp) -> None:
        # Replaced whole: one number has one dialogue, and JOIN again starts over.
        self.session.execute(delete(sms_sign_ups).where(sms_sign_ups.c.phone == dialogue.phone))
        self.session.execute(insert(sms_sign_ups).values(**asdict(dialogue)))

    def remove(self, phone: str) -> None:
        self.session.execute(delete(sms_sign_ups).where(sms_sign_ups.c.phone == phone))

    def forget_silent(self, since: datetime) -> int:
        """Delete dialogues nobody answered since `since` (their answers go with them)."""
        gone = self.session.execute(
            delete(sms_sign_ups).where(sms_sign_ups.c.last_message_at <= since)
        )
        return int(gone.rowcount or 0)

    def forget_sent_texts(self) -> None:
        """Our outbox rows for the dialogue hold the number; once Kafka has them, drop them."""
        sent = (outbox.c.topic == DIALOGUE_TOPIC) & outbox.c.sent_at.is_not(None)
        self.session.execute(delete(outbox).where(sent))


def announce_dialogue(event: object) -> Iterator[OutgoingEvent]:
    match event:
        case SignUpQuestionAsked() | SignUpReplied():
            data: dict[str, Any] = asdict(event)
            yield (type(event).__name__, 1, event.dialogue_id, data)
        case _:
            yield from announce(event)


class SmsSignUpUnitOfWork(RecruitmentUnitOfWork):
    """Recruitment's unit of work plus the dialogues, and re-entrant: the consumer opens it
    (with the inbox row) and the sign-up use case's own `with uow` and `commit()` join that
    one transaction, so a redelivered text can never sign someone up twice."""

    sms_sign_ups: SqlAlchemySmsSignUpRepository

    def __init__(self, session_factory: Any) -> None:
        SqlAlchemyUnitOfWork.__init__(
            self, session_factory, producer="recruitment", mapper=announce_dialogue
        )
        self._depth = 0

    def __enter__(self) -> Self:
        self._depth += 1
        return super().__enter__() if self._depth == 1 else self

    def __exit__(self, *exc: object) -> None:
        self._depth -= 1
        if self._depth == 0:
            super().__exit__(*exc)

    def commit(self) -> None:
        if self._depth <= 1:
            super().commit()

    def _start(self) -> None:
        super()._start()
        self.sms_sign_ups = SqlAlchemySmsSignUpRepository(self.session)
