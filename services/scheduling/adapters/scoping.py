"""Which rows a unit of work may see: with an organisation in scope (a staff request), only
that organisation's sessions and polls and what hangs on them; with none (consumers, relays,
the command line, participants' pages), everything."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, select, true

from services.scheduling.adapters.tables.sessions import sessions


def own_session(session_id: Any, organisation_id: str | None) -> ColumnElement[bool]:
    """`session_id` (a column) names a session of the organisation in scope."""
    if organisation_id is None:
        return true()
    theirs = select(sessions.c.id).where(sessions.c.organisation_id == organisation_id)
    return session_id.in_(theirs)  # type: ignore[no-any-return]


def own(organisation_column: Any, organisation_id: str | None) -> ColumnElement[bool]:
    """A row of a table with its own organisation_id (sessions, polls) is the scope's."""
    if organisation_id is None:
        return true()
    return organisation_column == organisation_id  # type: ignore[no-any-return]
