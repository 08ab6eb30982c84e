"""Each service's copy of "staff sessions before this moment no longer count", kept from the
StaffSessionsRevoked events on recruitment.staff (recruitment owns staff accounts), and the
lookup that adds the account's roles and active flag from the service's own projection of
StaffProfileChanged (its staff names table)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine, MetaData, Table, select

from shared import participant_sessions, session_stamps
from shared.auth import SessionChecks, StaffAccess
from shared.bus.consumer import Handler
from shared.events.envelope import Envelope
from shared.vocabulary.recruitment import PLATFORM_ADMIN

staff_sessions_metadata = MetaData()
staff_sessions = session_stamps.stamps_table("staff_sessions", "staff_id", staff_sessions_metadata)


def record_revocation(_envelope: Envelope, data: dict[str, Any], uow: Any) -> None:
    session_stamps.advance(uow.session, staff_sessions, str(data["staff_id"]), data["valid_after"])


HANDLERS: dict[str, Handler] = {"StaffSessionsRevoked": record_revocation}
TOPIC = "recruitment.staff"


def valid_after_lookup(engine: Engine) -> Callable[[str], datetime | None]:
    return session_stamps.lookup(engine, staff_sessions)


def memberships_of(data: dict[str, Any]) -> dict[str, list[str]] | None:
    """StaffProfileChanged's memberships as the JSON a projection keeps ({organisation id:
    [roles]}), or None when it lists none: an event written before organisations (the contract
    loads its missing list as []), or an account whose only role holds everywhere. Either way
    `roles` then says all there is."""
    listed = data.get("memberships")
    if not listed:
        return None
    return {str(m["organisation_id"]): sorted(m["roles"]) for m in listed if m["roles"]}


def access_lookup(engine: Engine, profiles: Table) -> Callable[[str], StaffAccess]:
    """Answers for current_staff(): `profiles` has staff_id, roles (a JSON list; None until the
    profile is known with its roles), active (None: not known yet) and, once the service keeps
    them, memberships (memberships_of; None: not known, so `roles` holds everywhere)."""
    revoked = valid_after_lookup(engine)
    per_organisation = "memberships" in profiles.c
    columns = [profiles.c.roles, profiles.c.active]
    if per_organisation:
        columns.append(profiles.c.memberships)

    def lookup(staff_id: str) -> StaffAccess:
        query = select(*columns).where(profiles.c.staff_id == staff_id)
        with engine.connect() as conn:
            profile = conn.execute(query).mappings().first() or {}
        roles, active = profile.get("roles"), profile.get("active")
        memberships = profile.get("memberships")
        if memberships is not None:
            # A role elsewhere gives nothing here: only platform_admin holds everywhere.
            return StaffAccess(
                valid_after=revoked(staff_id),
                active=active is not False,
                roles=frozenset(roles or ()) & {PLATFORM_ADMIN},
                memberships={org: frozenset(r) for org, r in memberships.items()},
            )
        return StaffAccess(
            valid_after=revoked(staff_id),
            active=active is not False,
            roles=frozenset(roles) if roles is not None else None,
        )

    return lookup


def create_staff_sessions_table(op: Any) -> None:
    session_stamps.create_table(op, staff_sessions)


def add_memberships_column(op: Any, profiles: str) -> None:
    """The nullable JSON `memberships` access_lookup reads (None until a StaffProfileChanged
    carrying them arrives: roles then hold as before), on a service's staff profile table."""
    with op.batch_alter_table(profiles) as batch:
        batch.add_column(sa.Column("memberships", sa.JSON(), nullable=True))


def drop_memberships_column(op: Any, profiles: str) -> None:
    with op.batch_alter_table(profiles) as batch:
        batch.drop_column("memberships")


def projected_checks(engine: Engine, profiles: Table) -> SessionChecks:
    """What a service other than recruitment knows, from its projections of recruitment's
    events: staff sign-outs and profiles, and participants' ended sessions."""
    return SessionChecks(
        staff=access_lookup(engine, profiles),
        participant_valid_after=participant_sessions.valid_after_lookup(engine),
    )
