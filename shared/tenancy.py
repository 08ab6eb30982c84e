"""Which organisation this request works in: the signed-in staff member's current one.

shared.auth.current_staff() puts it here, and each service's unit of work reads it when it
begins, so its repositories answer only that organisation's rows: another organisation's id
is simply not found (404), as an unknown id is. Outside a staff request (consumers, relays,
the command line, a participant's own pages) nothing is in scope and nothing is filtered.
"""

from __future__ import annotations

from contextvars import ContextVar

_organisation: ContextVar[str | None] = ContextVar("organisation", default=None)


def organisation_in_scope() -> str | None:
    return _organisation.get()


def enter_organisation(organisation_id: str | None) -> None:
    """For this request (shared.web resets it when the request ends)."""
    _organisation.set(organisation_id)


def leave_organisation(_exc: object = None) -> None:
    _organisation.set(None)
