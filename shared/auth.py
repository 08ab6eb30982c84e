"""Staff sessions and role checks, the same in every service.

A staff session is Flask's signed cookie (one SECRET_KEY across services behind one address)
holding the staff id, name, roles and when it was issued. "Sign out everywhere" is an event:
each service remembers, per staff member, the moment before which sessions no longer count.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urlencode

from flask import current_app, g, redirect, request, session
from flask_smorest import abort

F = TypeVar("F", bound=Callable[..., Any])
SIGN_IN_PATH = "/staff/sign-in"
# app.extensions key: staff_id -> the time sessions became valid (None: unknown staff member)
REVOCATIONS = "chorus.staff_sessions_valid_after"


@dataclass(frozen=True)
class StaffMember:
    id: str
    display_name: str
    roles: frozenset[str]


def start_staff_session(staff_id: str, display_name: str, roles: tuple[str, ...]) -> None:
    session.clear()  # a new session at sign-in: no fixation, and a fresh CSRF token
    session.permanent = True
    session["staff"] = {
        "id": staff_id,
        "name": display_name,
        "roles": list(roles),
        "issued_at": datetime.now(UTC).isoformat(),
    }


def end_session() -> None:
    session.clear()


def current_staff() -> StaffMember | None:
    """The signed-in staff member, if their session is still valid in this service."""
    if "staff_member" in g:
        return g.staff_member
    g.staff_member = None
    data = session.get("staff")
    if not data:
        return None
    valid_after = current_app.extensions[REVOCATIONS](data["id"])
    issued_at = datetime.fromisoformat(data["issued_at"])
    if valid_after is not None and issued_at < valid_after:
        session.clear()
        return None
    g.staff_member = StaffMember(data["id"], data["name"], frozenset(data["roles"]))
    return g.staff_member


# The staff who run activities, sessions and recruitment (coordinators, and admins who can do
# anything a coordinator can).
ORGANISERS = ("coordinator", "admin")


def require_staff(*roles: str) -> Callable[[F], F]:
    """Only signed-in staff with one of `roles` (any staff member if none are named) get in.

    Anonymous people are sent to sign in (pages) or get 401 (APIs); the wrong role gets 403.
    """

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def checked(*args: Any, **kwargs: Any) -> Any:
            staff = current_staff()
            if staff is None:
                if request.path.startswith("/api/"):
                    abort(401, message="Sign in first.")
                return redirect(
                    f"{SIGN_IN_PATH}?{urlencode({'next': request.full_path.rstrip('?')})}"
                )
            if roles and not staff.roles & set(roles):
                abort(403, message="Your account does not allow this.")
            return view(*args, **kwargs)

        checked.required_roles = roles or ("any staff",)  # type: ignore[attr-defined]
        return checked  # type: ignore[return-value]

    return decorate


def safe_next(target: str | None, default: str = "/staff") -> str:
    """Only local paths: never send someone to another site after signing in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def start_participant_session(participant_id: str) -> None:
    """After a magic link: the participant's own pages, in every service, for this browser."""
    session.clear()
    session.permanent = True
    session["participant"] = {"id": participant_id, "issued_at": datetime.now(UTC).isoformat()}


def current_participant_id() -> str | None:
    data = session.get("participant")
    return data["id"] if data else None


def require_participant(view: F) -> F:
    """Only a participant who came in through their magic link; others are asked for a link,
    which then lands on the page they asked for."""

    @functools.wraps(view)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if current_participant_id() is None:
            if request.path.startswith("/api/"):
                abort(401, message="Open the link we sent you first.")
            # Back to the page asked for once the link is opened (recruitment keeps it safe).
            asked_for = safe_next(request.full_path.rstrip("?"), default="")
            query = f"?{urlencode({'next': asked_for})}" if asked_for else ""
            return redirect(f"/join/link{query}")
        return view(*args, **kwargs)

    checked.required_roles = ("participant",)  # type: ignore[attr-defined]
    return checked  # type: ignore[return-value]
