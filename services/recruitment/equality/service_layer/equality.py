"""Equality monitoring use cases: a participant answers (or not), sees and deletes their own
answers; a coordinator sees an activity's answers only in aggregate, small numbers hidden."""

from __future__ import annotations

from collections import Counter
from typing import Any

from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.equality.commands import DeleteEqualityAnswers, SaveEqualityAnswers
from services.recruitment.equality.domain import equality as eq
from services.recruitment.equality.ports import AnswersOn, Deprivation
from services.recruitment.participants.ports import UnitOfWork
from shared.clock import Clock, utc_now

WHO = ("signed_up", "took_part")


def my_answers(participant_id: str, uow: UnitOfWork, answers_on: AnswersOn) -> dict[str, Any]:
    with uow:
        return answers_on(uow).get(participant_id) or {}


def saves(cmd: SaveEqualityAnswers, uow: UnitOfWork, answers_on: AnswersOn, clock: Clock) -> None:
    save_my_answers(cmd.participant_id, cmd.answers, uow, answers_on, clock)


def deletes(cmd: DeleteEqualityAnswers, uow: UnitOfWork, answers_on: AnswersOn) -> None:
    delete_my_answers(cmd.participant_id, uow, answers_on)


def save_my_answers(
    participant_id: str,
    answers: dict[str, str | None],
    uow: UnitOfWork,
    answers_on: AnswersOn,
    clock: Clock = utc_now,
) -> None:
    checked = eq.check_answers(answers)
    with uow:
        if uow.participants.get(participant_id) is None:
            raise NotFound(participant_id)
        answers_on(uow).save(participant_id, checked, clock())
        uow.commit()


def delete_my_answers(participant_id: str, uow: UnitOfWork, answers_on: AnswersOn) -> None:
    with uow:
        answers_on(uow).delete(participant_id)
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
        if uow.activities.get(activity_id) is None:
            raise NotFound(activity_id)
        people = _people(activity_id, who, uow)
        answers = answers_on(uow).for_participants([p.id for p in people])
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
