"""Each service's copy of "staff sessions before this moment no longer count", kept from the
StaffSessionsRevoked events on recruitment.staff (recruitment owns staff accounts), and the
lookup that adds the account's roles and active flag from the service's own projection of
StaffProfileChanged (its staff names table)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, MetaData, Table, select

from shared import participant_sessions, session_stamps
from shared.auth import SessionChecks, StaffAccess
from shared.bus.consumer import Handler
from shared.events.envelope import Envelope

staff_sessions_metadata = MetaData()
staff_sessions = session_stamps.stamps_table("staff_sessions", "staff_id", staff_sessions_metadata)


def record_revocation(_envelope: Envelope, data: dict[str, Any], uow: Any) -> None:
    session_stamps.advance(uow.session, staff_sessions, str(data["staff_id"]), data["valid_after"])


HANDLERS: dict[str, Handler] = {"StaffSessionsRevoked": record_revocation}
TOPIC = "recruitment.staff"


def valid_after_lookup(engine: Engine) -> Callable[[str], datetime | None]:
    return session_stamps.lookup(engine, staff_sessions)


def access_lookup(engine: Engine, profiles: Table) -> Callable[[str], StaffAccess]:
    """Answers for current_staff(): `profiles` has staff_id, roles (a JSON list; None until the
    profile is known with its roles) and active (None: not known yet)."""
    revoked = valid_after_lookup(engine)

    def lookup(staff_id: str) -> StaffAccess:
        query = select(profiles.c.roles, profiles.c.active).where(profiles.c.staff_id == staff_id)
        with engine.connect() as conn:
            profile = conn.execute(query).first()
        roles, active = profile if profile is not None else (None, None)
        return StaffAccess(
            valid_after=revoked(staff_id),
            active=active is not False,
            roles=frozenset(roles) if roles is not None else None,
        )

    return lookup


def create_staff_sessions_table(op: Any) -> None:
    session_stamps.create_table(op, staff_sessions)


def projected_checks(engine: Engine, profiles: Table) -> SessionChecks:
    """What a service other than recruitment knows, from its projections of recruitment's
    events: staff sign-outs and profiles, and participants' ended sessions."""
    return SessionChecks(
        staff=access_lookup(engine, profiles),
        participant_valid_after=participant_sessions.valid_after_lookup(engine),
    )
