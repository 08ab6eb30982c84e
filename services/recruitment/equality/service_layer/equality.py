"""Equality monitoring use cases: a participant answers (or not), sees and deletes their own
answers, for each organisation they are with (each is its own data controller); a coordinator
sees an activity's answers, those given to its organisation, only in aggregate, small numbers
hidden."""

from __future__ import annotations

from collections import Counter
from typing import Any

from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.equality.commands import DeleteEqualityAnswers, SaveEqualityAnswers
from services.recruitment.equality.domain import equality as eq
from services.recruitment.equality.ports import AnswersOn, Deprivation
from services.recruitment.participants.ports import UnitOfWork
from services.recruitment.rights.service_layer.organisations_with import (
    OrganisationWith,
    my_organisations,
)
from shared.clock import Clock, utc_now

WHO = ("signed_up", "took_part")


def my_answers(
    participant_id: str, organisation_id: str, uow: UnitOfWork, answers_on: AnswersOn
) -> dict[str, Any]:
    with uow:
        return answers_on(uow).get(participant_id, organisation_id) or {}


def answering_for(participant_id: str, organisation_id: str, uow: UnitOfWork) -> OrganisationWith:
    """The organisation, if they are with it; NotFound if not (nor anyone else's)."""
    mine = my_organisations(participant_id, uow)
    found = next((o for o in mine if o.id == organisation_id), None)
    if found is None:
        raise NotFound(organisation_id)
    return found


def my_answers_everywhere(
    participant_id: str, uow: UnitOfWork, answers_on: AnswersOn
) -> list[dict[str, Any]]:
    """For their export: the answers given to each organisation, with its name, by name."""
    with uow:
        given = answers_on(uow).all_for(participant_id)
        named = []
        for organisation_id, answers in given.items():
            found = uow.organisations.get(organisation_id)
            named.append(
                {
                    "organisation_id": organisation_id,
                    "organisation": found.name if found else None,
                    "organisation_welsh": found.welsh_name if found else None,
                    "answers": answers,
                }
            )
    return sorted(named, key=lambda n: (n["organisation"] or "", n["organisation_id"]))


def saves(cmd: SaveEqualityAnswers, uow: UnitOfWork, answers_on: AnswersOn, clock: Clock) -> None:
    save_my_answers(cmd.participant_id, cmd.organisation_id, cmd.answers, uow, answers_on, clock)


def deletes(cmd: DeleteEqualityAnswers, uow: UnitOfWork, answers_on: AnswersOn) -> None:
    delete_my_answers(cmd.participant_id, cmd.organisation_id, uow, answers_on)


def save_my_answers(
    participant_id: str,
    organisation_id: str,
    answers: dict[str, str | None],
    uow: UnitOfWork,
    answers_on: AnswersOn,
    clock: Clock = utc_now,
) -> None:
    """Answers for one organisation they are with (NotFound for any other)."""
    checked = eq.check_answers(answers)
    answering_for(participant_id, organisation_id, uow)
    with uow:
        answers_on(uow).save(participant_id, organisation_id, checked, clock())
        uow.commit()


def delete_my_answers(
    participant_id: str, organisation_id: str, uow: UnitOfWork, answers_on: AnswersOn
) -> None:
    with uow:
        answers_on(uow).delete(participant_id, organisation_id)
        uow.commit()


def _counts(question: str, values: list[str | None]) -> dict[str, int]:
    """Every answer gets a row, even at 0, so the shape never hints at who answered."""
    if question == "ethnicity":
        values = [eq.broad_ethnic_group(v) for v in values]
        options: tuple[str, ...] = tuple(eq.ETHNIC_GROUPS)
    elif question == "deprivation":
        options = eq.IMD_QUINTILES
    else:
        options = eq.QUESTIONS[question]
    blank = eq.NOT_KNOWN if question == "deprivation" else eq.NOT_ANSWERED
    seen = Counter(v or blank for v in values)
    keys = (*options, eq.PREFER_NOT, blank)
    if question == "deprivation":
        keys = (*options, blank)  # worked out from the postcode: nothing to refuse
    return {key: seen.get(key, 0) for key in keys}


def equality_report(
    activity_id: str, who: str, uow: UnitOfWork, answers_on: AnswersOn, deprivation: Deprivation
) -> dict[str, Any]:
    with uow:
        activity = uow.activities.get(activity_id)
        if activity is None:
            raise NotFound(activity_id)
        people = _people(activity_id, who, uow)
        # Only what they told this activity's organisation: another's answers are its own.
        ids = [p.id for p in people]
        answers = answers_on(uow).for_participants(ids, activity.organisation_id)
        rows = {q: [answers.get(p.id, {}).get(q) for p in people] for q in eq.QUESTIONS}
        quintiles = [deprivation.quintile(p.postcode) for p in people]
        rows["deprivation"] = [str(q) if q else None for q in quintiles]
    report = []
    for question, values in rows.items():
        cells, total = eq.suppress(_counts(question, values))
        report.append({"question": question, "total": total, "rows": cells})
    people_count = len(people) if len(people) >= eq.SMALLEST_SHOWN else None
    return {"activity_id": activity_id, "who": who, "people": people_count, "questions": report}


def _people(activity_id: str, who: str, uow: UnitOfWork) -> list[Any]:
    interests = uow.interests.for_activity(activity_id)
    if who == "took_part":
        chosen = [i for i in interests if i.took_part_at is not None]
    else:
        chosen = [i for i in interests if i.status != "withdrawn" or i.took_part_at is not None]
    people = uow.participants.interested_in(activity_id)
    return [people[i.participant_id] for i in chosen if i.participant_id in people]
