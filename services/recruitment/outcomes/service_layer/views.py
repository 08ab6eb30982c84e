"""What the outcome pages show: an activity's outcomes (all for its coordinators, published for
everyone), and the numbers told for the reach page."""

from __future__ import annotations

from typing import Any

from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.outcomes.domain.outcome import Outcome
from services.recruitment.outcomes.ports import OutcomesUnitOfWork


def _shown(outcome: Outcome) -> dict[str, Any]:
    return {
        "id": outcome.id,
        "title": outcome.title,
        "description": outcome.description,
        "status": outcome.status,
        "reason": outcome.reason,
        "decided_on": outcome.decided_on,
        "link": outcome.link,
        "published_at": outcome.published_at,
        "told": outcome.told,
    }


def activity_outcomes(
    activity_id: str, uow: OutcomesUnitOfWork, published_only: bool = False
) -> dict[str, Any]:
    """The activity (title, organisation) and its outcomes. On a staff request the unit of work
    is scoped, so another organisation's activity is NotFound; on the public page it is not,
    and only published outcomes are shown."""
    with uow:
        activity = uow.activities.get(activity_id)
        if activity is None:
            raise NotFound(activity_id)
        found = uow.outcomes.for_activity(activity_id, published_only=published_only)
        return {
            "activity_id": activity.id,
            "title": activity.title,
            "status": activity.status,
            "organisation_id": activity.organisation_id,
            "outcomes": [_shown(o) for o in found],
        }


def one_outcome(activity_id: str, outcome_id: str, uow: OutcomesUnitOfWork) -> dict[str, Any]:
    with uow:
        activity = uow.activities.get(activity_id)
        outcome = uow.outcomes.get(activity_id, outcome_id) if activity else None
        if activity is None or outcome is None:
            raise NotFound(outcome_id)
        return {"activity_id": activity.id, "title": activity.title, **_shown(outcome)}


def told_counts(activity_id: str, uow: OutcomesUnitOfWork) -> dict[str, Any]:
    """For the reach page and its API: contributors told, in all and per published outcome."""
    with uow:
        published = uow.outcomes.for_activity(activity_id, published_only=True)
        return {
            "told": sum(o.told for o in published),
            "outcomes": [{"outcome_id": o.id, "title": o.title, "told": o.told} for o in published],
        }
