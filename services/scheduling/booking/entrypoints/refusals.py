"""One answer for every refusal the scheduling rules give: the state says no (409) or the
request cannot be met as asked (422). Each reason code means the same thing everywhere."""

from __future__ import annotations

from typing import Any, NoReturn

from flask_smorest import abort

from services.scheduling.ports import NotFound
from services.scheduling.sessions.domain.booking import BookingRefused
from services.scheduling.web import handle

# The booking's, the hold's or the session's state forbids it now; anything else is 422.
CONFLICTS = frozenset(
    {
        "full",
        "already_booked",
        "cut_off",
        "places_left",
        "hold_gone",
        "not_pending",
        "recorded",
        "not_booked",
        "not_started",
        "over",
        "withdrawn",
        "members_only",
    }
)


def status_for(refused: BookingRefused, also_conflicts: frozenset[str] = frozenset()) -> int:
    return 409 if refused.reason in CONFLICTS | also_conflicts else 422


def refuse(refused: BookingRefused) -> NoReturn:
    """Answer an API call with the refusal's own words."""
    abort(status_for(refused), message=refused.message)


def answer(command: object) -> Any:
    """The API's way to run a command: its result, 404 for what does not exist, or the refusal."""
    try:
        return handle(command)
    except NotFound as exc:
        abort(404, message=str(exc))
    except BookingRefused as exc:
        refuse(exc)
