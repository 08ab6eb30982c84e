"""Which needs make which arrangement tasks, and the rules for settling them.

Each time (slot) of a session gets the tasks its confirmed bookings' needs call for: one per
time for what serves everyone (an interpreter, printing N packs, the way in), one per person
for what is theirs (a taxi, a carer's place, data or a device). A need the venue cannot meet
(a wheelchair user at a venue without step-free access) marks its task with a venue problem,
so staff see a warning. Tasks are recomputed from the bookings whenever they change: a task no
longer needed goes if still open, or says "no longer needed" if something was already booked.
A task's id is stable per time, kind and (for a person's task) booking, so recomputing is
idempotent."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from services.scheduling.sessions.domain.booking import BookingRefused

OPEN, DONE, NOT_POSSIBLE, NOT_NEEDED = "open", "done", "not_possible", "not_needed"
SETTLED = (DONE, NOT_POSSIBLE)
MAX_REASON = 300
_NAMESPACE = uuid.UUID("0b8e6c52-3f1d-4a97-8e25-6d4c1a9f7b30")


@dataclass(frozen=True)
class Rule:
    kind: str
    per_person: bool = False
    counted: bool = False  # the task says how many (packs to print)
    formats: tuple[str, ...] = ("online", "in_person", "hybrid")
    venue_feature: str | None = None  # the venue must have this, or staff are warned


IN_PERSON = ("in_person", "hybrid")
RULES: dict[str, Rule] = {  # need (recruitment's SUPPORT_NEEDS) -> its task
    "bsl": Rule("bsl_interpreter"),
    "interpreter": Rule("spoken_interpreter"),
    "large_print": Rule("large_print", counted=True),
    "easy_read": Rule("easy_read", counted=True),
    "captions": Rule("captions", formats=("online", "hybrid")),
    "step_free": Rule("step_free", formats=IN_PERSON, venue_feature="step_free"),
    "hearing_loop": Rule("hearing_loop", formats=IN_PERSON, venue_feature="hearing_loop"),
    "carer": Rule("carer", per_person=True, formats=IN_PERSON),
    "travel_help": Rule("taxi", per_person=True, formats=IN_PERSON),
    "data_or_device": Rule("data_or_device", per_person=True, formats=("online", "hybrid")),
}
KIND_ORDER = tuple(rule.kind for rule in RULES.values())


def task_id(slot_id: str, kind: str, booking_id: str | None = None) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{slot_id}:{kind}:{booking_id or ''}"))


@dataclass(frozen=True)
class Needed:
    """A task the bookings call for now."""

    task_id: str
    slot_id: str
    kind: str
    booking_ids: tuple[str, ...]  # whom it is for
    count: int
    venue_problem: bool = False
    language: str | None = None  # a spoken interpreter's language, when the person told us


@dataclass
class ArrangementTask:
    task_id: str
    session_id: str
    slot_id: str
    kind: str
    booking_ids: tuple[str, ...]
    count: int
    venue_problem: bool
    state: str
    created_at: datetime
    reason: str | None = None
    settled_by: str | None = None  # a staff id
    settled_at: datetime | None = None
    language: str | None = None
    events: list[object] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.state == OPEN

    @property
    def per_person(self) -> bool:
        return next(r.per_person for r in RULES.values() if r.kind == self.kind)

    def settle(self, outcome: str, reason: str | None, by: str, now: datetime) -> bool:
        """Done, or not possible with a reason. False when it was settled that way already
        (a second click); a settled task may be settled the other way."""
        reason = (reason or "").strip() or None
        if outcome not in SETTLED:
            raise ArrangementRefused("outcome", "Choose done or not possible.")
        if self.state == NOT_NEEDED:
            raise ArrangementRefused("not_needed", "Nobody needs this any more.")
        if outcome == NOT_POSSIBLE and not reason:
            raise ArrangementRefused("reason", "Say why it is not possible.")
        if reason and len(reason) > MAX_REASON:
            raise ArrangementRefused("reason", f"Keep the reason under {MAX_REASON} characters.")
        if self.state == outcome and self.reason == (reason if outcome == NOT_POSSIBLE else None):
            return False
        self.state = outcome
        self.reason = reason if outcome == NOT_POSSIBLE else None
        self.settled_by, self.settled_at = by, now
        return True


class ArrangementRefused(ValueError):
    """A settling the rules refuse; the message is safe to show."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def needed_for(
    slot_id: str,
    format: str,
    bookings: list[tuple[str, tuple[str, ...]]],
    venue_features: tuple[str, ...] | None,
    languages: dict[str, str] | None = None,
) -> list[Needed]:
    """The tasks these confirmed bookings ((booking id, needs)) call for at one time.
    `venue_features`: what the venue (or, with none named, the session) offers; None: unknown.
    `languages`: booking id -> the spoken language its person needs an interpreter in (one
    interpreter per language; people who named none share one task)."""
    languages = languages or {}
    shared: dict[tuple[str, str | None], list[str]] = {}
    needed: list[Needed] = []
    for booking_id, needs in bookings:
        for need in needs:
            rule = RULES.get(need)
            if rule is None or format not in rule.formats:
                continue
            if rule.per_person:
                problem = _lacks(rule, venue_features)
                tid = task_id(slot_id, rule.kind, booking_id)
                needed.append(Needed(tid, slot_id, rule.kind, (booking_id,), 1, problem))
            else:
                language = languages.get(booking_id) if need == "interpreter" else None
                shared.setdefault((need, language), []).append(booking_id)
    for (need, language), booking_ids in shared.items():
        rule = RULES[need]
        ids = tuple(sorted(set(booking_ids)))
        problem = _lacks(rule, venue_features)
        tid = task_id(slot_id, rule.kind, f"language:{language.lower()}" if language else None)
        needed.append(Needed(tid, slot_id, rule.kind, ids, len(ids), problem, language))
    return sorted(needed, key=lambda n: (KIND_ORDER.index(n.kind), n.task_id))


def _lacks(rule: Rule, venue_features: tuple[str, ...] | None) -> bool:
    if rule.venue_feature is None or venue_features is None:
        return False
    return rule.venue_feature not in venue_features


@dataclass(frozen=True)
class Changes:
    added: list[ArrangementTask]
    changed: list[ArrangementTask]
    removed: list[str]  # task ids


def reconcile(
    session_id: str, kept: list[ArrangementTask], needed: list[Needed], now: datetime
) -> Changes:
    """Brings one session's kept tasks in line with what is needed now. An open task no longer
    needed goes; a settled one says it is no longer needed (something may have to be cancelled).
    More people for a settled counted task (3 large-print packs, not 2) opens it again."""
    by_id = {task.task_id: task for task in kept}
    added, changed, removed = [], [], []
    for need in needed:
        task = by_id.pop(need.task_id, None)
        if task is None:
            added.append(_new(session_id, need, now))
        elif _update(task, need):
            changed.append(task)
    for task in by_id.values():
        if task.state == OPEN:
            removed.append(task.task_id)
        elif task.state != NOT_NEEDED:
            task.state, task.booking_ids, task.count = NOT_NEEDED, (), 0
            changed.append(task)
    return Changes(added, changed, removed)


def _new(session_id: str, need: Needed, now: datetime) -> ArrangementTask:
    return ArrangementTask(
        need.task_id,
        session_id,
        need.slot_id,
        need.kind,
        need.booking_ids,
        need.count,
        need.venue_problem,
        OPEN,
        now,
        language=need.language,
    )


def _update(task: ArrangementTask, need: Needed) -> bool:
    before = (task.booking_ids, task.count, task.venue_problem, task.state)
    grew = need.count > task.count or bool(set(need.booking_ids) - set(task.booking_ids))
    if task.state == NOT_NEEDED or (grew and task.state in SETTLED):
        task.state, task.reason, task.settled_by, task.settled_at = OPEN, None, None, None
    task.booking_ids, task.count, task.venue_problem = (
        need.booking_ids,
        need.count,
        need.venue_problem,
    )
    return (task.booking_ids, task.count, task.venue_problem, task.state) != before


def settled_people(tasks: list[ArrangementTask], just_settled: ArrangementTask) -> list[str]:
    """The bookings `just_settled` is for whose every task at that time is now settled: each
    of them can be told what was arranged."""
    same_time = [t for t in tasks if t.slot_id == just_settled.slot_id]
    return [
        booking_id
        for booking_id in just_settled.booking_ids
        if all(t.state in SETTLED for t in same_time if booking_id in t.booking_ids)
    ]


# What a person is told was arranged for a time: (kinds done, kinds not possible).
Told = tuple[tuple[str, ...], tuple[str, ...]]
FIRST, UPDATE = "first", "update"


def telling(before: Told | None, now: Told) -> str | None:
    """Whether to tell someone what was arranged: the first time (FIRST), again as an UPDATE
    when a settled task changed what they would be told, or not at all (None) when they were
    told these very words already (a reason edited, a task reopened and settled the same way)."""
    if before is None:
        return FIRST
    return None if tuple(map(tuple, before)) == tuple(map(tuple, now)) else UPDATE


def what_for(
    tasks: list[ArrangementTask], booking_id: str, slot_id: str
) -> tuple[list[str], list[str]]:
    """(kinds done, kinds not possible) for one person at one time."""
    theirs = [t for t in tasks if t.slot_id == slot_id and booking_id in t.booking_ids]
    theirs.sort(key=lambda t: KIND_ORDER.index(t.kind))  # the order to read them in
    done = [t.kind for t in theirs if t.state == DONE]
    not_possible = [t.kind for t in theirs if t.state == NOT_POSSIBLE]
    return done, not_possible


def check_can_run(open_tasks: int, go_ahead: bool) -> None:
    """A time cannot be confirmed to run while an arrangement is open, unless the coordinator
    says to go ahead anyway (recorded with who and when)."""
    if open_tasks and not go_ahead:
        raise BookingRefused(
            "arrangements_open",
            f"{open_tasks} arrangement(s) for this time are still open. Settle them, or tick "
            "that you will go ahead anyway.",
        )


def place_features(
    venue_features: tuple[str, ...] | None, session_features: tuple[str, ...]
) -> tuple[str, ...] | None:
    """What the place offers: the venue's list when the session names one (an empty list is
    "nothing recorded"), else the session's own access features; None when nothing is known."""
    if venue_features is not None:
        return venue_features
    return tuple(session_features) or None


def venue_gaps(
    people: list[tuple[str, tuple[str, ...]]], format: str, features: tuple[str, ...] | None
) -> list[tuple[str, str]]:
    """(person, need) for each need of the people ((id, needs)) booked or waiting at a time, or
    saying a poll's time suits them, that the place has no feature recorded for: checked when
    the time is offered there, so the coordinator can act before anyone turns up."""
    if features is None:
        return []
    gaps: dict[tuple[str, str], None] = {}
    for person, needs in people:
        for need in needs:
            rule = RULES.get(need)
            if rule and format in rule.formats and _lacks(rule, features):
                gaps[(person, need)] = None
    return list(gaps)
