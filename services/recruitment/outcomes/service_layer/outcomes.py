""" "You said, we did": coordinators record, edit and publish outcomes; publishing tells the
activity's contributors (OutcomePublished, ids only, in the same transaction)."""

from __future__ import annotations

from services.recruitment.activities.domain.activity import Activity
from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.outcomes.commands import EditOutcome, PublishOutcome, RecordOutcome
from services.recruitment.outcomes.domain.contributors import SignUp, contributors
from services.recruitment.outcomes.domain.events import OutcomePublished
from services.recruitment.outcomes.domain.outcome import Outcome
from services.recruitment.outcomes.ports import OutcomesUnitOfWork
from shared.clock import Clock, utc_now


def public_path(activity_id: str) -> str:
    """The public page of an activity's outcomes (no sign-in), which texts link to."""
    return f"/join/activities/{activity_id}/outcomes"


def _activity(activity_id: str, uow: OutcomesUnitOfWork) -> Activity:
    activity = uow.activities.get(activity_id)
    if activity is None:  # unknown, or another organisation's: the same 404
        raise NotFound(activity_id)
    return activity


def _outcome(cmd: EditOutcome | PublishOutcome, uow: OutcomesUnitOfWork) -> Outcome:
    _activity(cmd.activity_id, uow)
    outcome = uow.outcomes.get(cmd.activity_id, cmd.outcome_id, for_update=True)
    if outcome is None:
        raise NotFound(cmd.outcome_id)
    return outcome


def record(cmd: RecordOutcome, uow: OutcomesUnitOfWork, clock: Clock = utc_now) -> str:
    with uow:
        activity = _activity(cmd.activity_id, uow)
        outcome = Outcome.draft(
            activity.id, activity.organisation_id, cmd.words, cmd.staff_id, clock()
        )
        uow.outcomes.add(outcome)
        uow.commit()
        return outcome.id


def edit(cmd: EditOutcome, uow: OutcomesUnitOfWork) -> None:
    with uow:
        _outcome(cmd, uow).edit(cmd.words)
        uow.commit()


def to_tell(activity: Activity, uow: OutcomesUnitOfWork) -> list[str]:
    """Contributors still with the activity's organisation who did not say "no updates"."""
    people = uow.participants.interested_in(activity.id)
    sign_ups = [
        SignUp(i.participant_id, i.status == "withdrawn", i.took_part_at is not None)
        for i in uow.interests.for_activity(activity.id)
    ]
    organisation = activity.organisation_id
    return [
        pid
        for pid in contributors(sign_ups)
        if (person := people.get(pid)) is not None
        and person.is_with(organisation)
        and not person.not_to_be_contacted_by(organisation)
        and not person.no_outcome_updates
    ]


def publish(cmd: PublishOutcome, uow: OutcomesUnitOfWork, clock: Clock = utc_now) -> int:
    """Public from now on, and told once: a second publish is refused (the row is locked)."""
    with uow:
        outcome = _outcome(cmd, uow)
        activity = _activity(cmd.activity_id, uow)
        tell = to_tell(activity, uow) if not outcome.published else []
        outcome.publish(clock(), len(tell))
        uow.events.append(
            OutcomePublished(
                outcome.id,
                activity.id,
                activity.title,
                activity.organisation_id,
                outcome.title,
                outcome.status,
                outcome.published_at,  # type: ignore[arg-type]
                public_path(activity.id),
                tell,
            )
        )
        uow.commit()
        return len(tell)
