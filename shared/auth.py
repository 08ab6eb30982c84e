"""Staff and participant sessions and role checks, the same in every service.

A session is Flask's signed cookie (one SECRET_KEY across services behind one address). A staff
session holds the staff id, name, roles, when it was issued and when it was last used; a
participant session the participant id and when it was issued. The cookie alone is never
enough: each service asks its own database (app.extensions[SESSION_CHECKS]) whether the account
is still active, which roles it has now, and the moment before which sessions no longer count
(kept from recruitment's events: StaffSessionsRevoked, StaffProfileChanged,
ParticipantSessionsEnded).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urlencode

import structlog
from flask import current_app, g, redirect, request, session
from flask_smorest import abort

from shared.redirects import safe_next
from shared.tenancy import enter_organisation
from shared.vocabulary.recruitment import LINK_REDEEM_PATH, STAFF_SIGN_IN_PATH

log = structlog.get_logger("sessions")
F = TypeVar("F", bound=Callable[..., Any])
SESSION_CHECKS = "chorus.session_checks"
# A working day of idleness ends a staff session; none lasts longer than STAFF_ABSOLUTE.
STAFF_IDLE = timedelta(hours=9)
STAFF_ABSOLUTE = timedelta(hours=12)
# How often the "last used" stamp is rewritten (not on every request: fewer Set-Cookie headers).
_SEEN_EVERY = timedelta(minutes=5)
# A participant the service knows is gone (erased): every session of theirs is void.
GONE = datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True)
class StaffMember:
    id: str
    display_name: str
    roles: frozenset[str]  # in the current organisation, and any that hold everywhere
    organisation_id: str | None = None  # the organisation they are working in now
    organisations: frozenset[str] = frozenset()  # every organisation they have roles in


@dataclass(frozen=True)
class StaffAccess:
    """What this service's database says about a staff account right now."""

    valid_after: datetime | None = None  # sessions issued before this no longer count
    active: bool = True
    # Roles that hold in every organisation (with memberships known: platform_admin); None: no
    # profile here yet, so the session's own.
    roles: frozenset[str] | None = None
    # Roles per organisation id; None: this service does not keep them yet, and `roles` (every
    # role the account has anywhere) stands for them.
    memberships: Mapping[str, frozenset[str]] | None = None


@dataclass(frozen=True)
class SessionChecks:
    """Each service's answers from its own tables (recruitment: its accounts and participants;
    the others: their projections of recruitment's events)."""

    staff: Callable[[str], StaffAccess | None]
    # When the participant's sessions became valid: None if nothing is known, GONE if erased.
    participant_valid_after: Callable[[str], datetime | None]


def _checks() -> SessionChecks:
    return current_app.extensions[SESSION_CHECKS]


def start_staff_session(
    staff_id: str, display_name: str, roles: tuple[str, ...], organisation_id: str | None = None
) -> None:
    end_session()  # a new session at sign-in: no fixation, and a fresh CSRF token
    session.permanent = True
    now = datetime.now(UTC).isoformat()
    session["staff"] = {
        "id": staff_id,
        "name": display_name,
        "roles": list(roles),
        "organisation_id": organisation_id,
        "issued_at": now,
        "seen_at": now,
    }


def switch_organisation(organisation_id: str) -> None:
    """Work in another organisation from the next request on; the caller has checked that the
    staff member has a role there (current_staff() gives none elsewhere anyway)."""
    if session.get("staff"):
        session["staff"] = {**session["staff"], "organisation_id": organisation_id}
        _forget_checked()


def end_session() -> None:
    session.clear()
    _forget_checked()


def _forget_checked() -> None:
    """This request's answers about who is signed in no longer hold."""
    g.pop("staff_member", None)
    g.pop("participant_id", None)


def _staff_refusal(data: dict[str, Any], access: StaffAccess, now: datetime) -> str | None:
    """Why this staff session no longer counts, or None if it still does."""
    issued_at = datetime.fromisoformat(data["issued_at"])
    seen_at = datetime.fromisoformat(data.get("seen_at") or data["issued_at"])
    if access.valid_after is not None and issued_at < access.valid_after:
        return "signed_out_everywhere"
    if not access.active:
        return "account_disabled"
    if now - seen_at > STAFF_IDLE:
        return "idle"
    if now - issued_at > STAFF_ABSOLUTE:
        return "too_old"
    return None


def current_staff() -> StaffMember | None:
    """The signed-in staff member, if their session is still valid in this service: not idle
    for a working day, not too old, not signed out everywhere, and the account still active.
    Roles are this service's latest copy of the account's, not the ones in the cookie."""
    if "staff_member" in g:
        return g.staff_member
    g.staff_member = None
    data = session.get("staff")
    if not data:
        return None
    now = datetime.now(UTC)
    access = _checks().staff(data["id"]) or StaffAccess()
    refused = _staff_refusal(data, access, now)
    if refused is not None:
        log.info("staff_session.refused", staff_id=data["id"], reason=refused)
        session.clear()
        return None
    seen_at = datetime.fromisoformat(data.get("seen_at") or data["issued_at"])
    if now - seen_at > _SEEN_EVERY:
        session["staff"] = {**data, "seen_at": now.isoformat()}
    g.staff_member = _member(data, access)
    enter_organisation(g.staff_member.organisation_id)  # what this request's repositories see
    return g.staff_member


def _member(data: dict[str, Any], access: StaffAccess) -> StaffMember:
    """Roles in the session's organisation: a role elsewhere gives nothing here."""
    everywhere = access.roles if access.roles is not None else frozenset(data["roles"])
    organisation_id = data.get("organisation_id")
    if access.memberships is None:
        return StaffMember(data["id"], data["name"], everywhere, organisation_id)
    here = access.memberships.get(organisation_id or "", frozenset())
    mine = frozenset(access.memberships)
    return StaffMember(data["id"], data["name"], everywhere | here, organisation_id, mine)


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
                    f"{STAFF_SIGN_IN_PATH}?{urlencode({'next': request.full_path.rstrip('?')})}"
                )
            if roles and not staff.roles & set(roles):
                abort(403, message="Your account does not allow this.")
            return view(*args, **kwargs)

        checked.required_roles = roles or ("any staff",)  # type: ignore[attr-defined]
        return checked  # type: ignore[return-value]

    return decorate


def start_participant_session(participant_id: str) -> None:
    """After a magic link: the participant's own pages, in every service, for this browser."""
    end_session()
    session.permanent = True
    session["participant"] = {"id": participant_id, "issued_at": datetime.now(UTC).isoformat()}


def current_participant_id() -> str | None:
    """The participant this session is for, unless they signed out, stopped their links or
    were erased after it was issued (in any browser: the services keep the moment)."""
    if "participant_id" in g:
        return g.participant_id
    g.participant_id = None
    data = session.get("participant")
    if not data:
        return None
    valid_after = _checks().participant_valid_after(data["id"])
    issued_at = datetime.fromisoformat(data["issued_at"])
    if valid_after is not None and issued_at < valid_after:
        log.info("participant_session.refused", participant_id=data["id"])
        session.clear()
        return None
    g.participant_id = data["id"]
    return g.participant_id


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
            return redirect(f"{LINK_REDEEM_PATH}{query}")
        return view(*args, **kwargs)

    checked.required_roles = ("participant",)  # type: ignore[attr-defined]
    return checked  # type: ignore[return-value]
