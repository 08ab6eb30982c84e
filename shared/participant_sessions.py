"""Each service's copy of "this participant's sessions issued before this moment no longer
count", kept from ParticipantSessionsEnded on recruitment.participant: recruitment publishes it
when someone signs out, stops all their links or is erased, so a copied cookie stops working
on /book, /pay and /messages too, not only in the browser that signed out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, MetaData

from shared import session_stamps
from shared.bus.consumer import Handler
from shared.events.envelope import Envelope

participant_sessions_metadata = MetaData()
participant_sessions = session_stamps.stamps_table(
    "participant_sessions", "participant_id", participant_sessions_metadata
)


def record_sessions_ended(_envelope: Envelope, data: dict[str, Any], uow: Any) -> None:
    session_stamps.advance(
        uow.session, participant_sessions, str(data["participant_id"]), data["ended_at"]
    )


HANDLERS: dict[str, Handler] = {"ParticipantSessionsEnded": record_sessions_ended}
TOPIC = "recruitment.participant"


def valid_after_lookup(engine: Engine) -> Callable[[str], datetime | None]:
    return session_stamps.lookup(engine, participant_sessions)


def create_participant_sessions_table(op: Any) -> None:
    session_stamps.create_table(op, participant_sessions)
