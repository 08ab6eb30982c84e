"""Which needs make which arrangement tasks (one per time, or one per person), the large-print
count, the venue check, reconciling after a cancellation, settling (a reason for "not
possible"), who is told once their arrangements are all settled, and the gate on running a
time with arrangements open."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from services.scheduling.arrangements import domain
from services.scheduling.arrangements.commands import (
    ChooseVenue,
    ReviewArrangements,
    SaveVenue,
    SettleArrangement,
)
from services.scheduling.arrangements.domain import (
    DONE,
    NOT_NEEDED,
    NOT_POSSIBLE,
    OPEN,
    ArrangementRefused,
)
from services.scheduling.arrangements.venues import Venue, VenueRejected, venue_at
from services.scheduling.bootstrap import bootstrap
from services.scheduling.domain.events import ArrangementDone
from services.scheduling.handlers import FROM_EVENTS
from services.scheduling.sessions.commands import RunAnyway
from services.scheduling.sessions.domain.booking import BookingRefused
from tests.scheduling.fakes import FakeUnitOfWork
from tests.scheduling.unit.test_scheduling_group_size import NOW, plan, session

SLOT = "slot-1"


def kinds(needed: list[domain.Needed]) -> list[str]:
    return [n.kind for n in needed]


def test_each_need_makes_its_task_per_time_or_per_person() -> None:
    booked = [("b1", ("bsl", "step_free", "travel_help")), ("b2", ("bsl", "carer"))]
    needed = domain.needed_for(SLOT, "in_person", booked, None)
    assert kinds(needed) == ["bsl_interpreter", "step_free", "carer", "taxi"]
    bsl = needed[0]
    assert bsl.booking_ids == ("b1", "b2") and bsl.count == 2  # one interpreter for both
    taxi = next(n for n in needed if n.kind == "taxi")
    assert taxi.booking_ids == ("b1",)  # a taxi is one person's


def test_a_spoken_interpreter_is_booked_per_language() -> None:
    booked = [("b1", ("interpreter",)), ("b2", ("interpreter",)), ("b3", ("interpreter",))]
    languages = {"b1": "Polish", "b2": "Polish"}  # b3 told us no language
    needed = domain.needed_for(SLOT, "online", booked, None, languages)
    found = sorted((n.language or "", n.booking_ids) for n in needed)
    assert found == [("", ("b3",)), ("Polish", ("b1", "b2"))]
    assert len({n.task_id for n in needed}) == 2


def test_large_print_counts_the_people_who_need_it() -> None:
    booked = [(f"b{i}", ("large_print",)) for i in range(3)] + [("b9", ("easy_read",))]
    needed = domain.needed_for(SLOT, "online", booked, None)
    assert [(n.kind, n.count) for n in needed] == [("large_print", 3), ("easy_read", 1)]


def test_what_a_format_does_not_need_makes_no_task() -> None:
    booked = [("b1", ("step_free", "hearing_loop", "travel_help", "captions", "data_or_device"))]
    assert kinds(domain.needed_for(SLOT, "online", booked, None)) == [
        "captions",
        "data_or_device",
    ]
    assert kinds(domain.needed_for(SLOT, "in_person", booked, None)) == [
        "step_free",
        "hearing_loop",
        "taxi",
    ]


def test_a_need_the_venue_cannot_meet_is_flagged() -> None:
    booked = [("b1", ("step_free", "hearing_loop"))]
    no_ramp = domain.needed_for(SLOT, "in_person", booked, ("hearing_loop", "parking"))
    assert [(n.kind, n.venue_problem) for n in no_ramp] == [
        ("step_free", True),
        ("hearing_loop", False),
    ]
    unknown = domain.needed_for(SLOT, "in_person", booked, None)
    assert not any(n.venue_problem for n in unknown)  # nothing known: no warning


def test_offering_a_time_somewhere_checks_each_persons_needs_against_the_place() -> None:
    people = [("sam", ("step_free", "bsl")), ("ann", ("hearing_loop", "step_free")), ("bo", ())]
    assert domain.venue_gaps(people, "in_person", ("hearing_loop",)) == [
        ("sam", "step_free"),
        ("ann", "step_free"),
    ]
    assert domain.venue_gaps(people, "hybrid", ()) == [  # a venue with nothing recorded
        ("sam", "step_free"),
        ("ann", "hearing_loop"),
        ("ann", "step_free"),
    ]
    assert domain.venue_gaps(people, "online", ()) == []  # nobody comes to a place
    assert domain.venue_gaps(people, "in_person", None) == []  # nothing known: no warning
    assert domain.place_features((), ("step_free",)) == ()  # the venue's list wins
    assert domain.place_features(None, ("step_free",)) == ("step_free",)
    assert domain.place_features(None, ()) is None


def test_a_typed_place_is_found_on_the_venue_list_by_its_name_or_address() -> None:
    library = Venue.create("org", "Central Library", "Calverley Street, Leeds", (), None, NOW)
    chapel = Venue.create("org", "Old Chapel", "1 Hill Street", ("step_free",), None, NOW)
    venues = [chapel, library]
    assert venue_at("Central Library, Calverley Street, Leeds", venues) is library
    assert venue_at("  central   library ", venues) is library
    assert venue_at("Central Library, Another Street", venues) is library  # by its name
    assert venue_at("Central Hall, Leeds", venues) is None
    assert venue_at(None, venues) is None and venue_at("", venues) is None


def test_a_cancellation_removes_open_tasks_and_marks_settled_ones_not_needed() -> None:
    needed = domain.needed_for(SLOT, "in_person", [("b1", ("bsl", "travel_help"))], None)
    first = domain.reconcile("s", [], needed, NOW)
    bsl, taxi = first.added
    taxi.settle(DONE, None, "staff-1", NOW)
    after = domain.reconcile("s", [bsl, taxi], [], NOW)  # b1 cancelled
    assert after.removed == [bsl.task_id]
    assert [(t.task_id, t.state) for t in after.changed] == [(taxi.task_id, NOT_NEEDED)]


def test_more_people_reopen_a_settled_count_and_fewer_keep_it() -> None:
    two = domain.needed_for(
        SLOT, "online", [("b1", ("large_print",)), ("b2", ("large_print",))], None
    )
    (packs,) = domain.reconcile("s", [], two, NOW).added
    packs.settle(DONE, None, "staff-1", NOW)
    three = domain.needed_for(
        SLOT, "online", [(f"b{i}", ("large_print",)) for i in (1, 2, 3)], None
    )
    (reopened,) = domain.reconcile("s", [packs], three, NOW).changed
    assert (reopened.state, reopened.count) == (OPEN, 3)
    reopened.settle(DONE, None, "staff-1", NOW)
    one = domain.needed_for(SLOT, "online", [("b1", ("large_print",))], None)
    (fewer,) = domain.reconcile("s", [reopened], one, NOW).changed
    assert (fewer.state, fewer.count) == (DONE, 1)


def test_not_possible_needs_a_reason_and_a_second_click_changes_nothing() -> None:
    (task,) = domain.reconcile(
        "s", [], domain.needed_for(SLOT, "in_person", [("b1", ("step_free",))], None), NOW
    ).added
    with pytest.raises(ArrangementRefused) as refused:
        task.settle(NOT_POSSIBLE, "  ", "staff-1", NOW)
    assert refused.value.field == "reason"
    assert task.settle(NOT_POSSIBLE, "The lift is broken", "staff-1", NOW)
    assert not task.settle(NOT_POSSIBLE, "The lift is broken", "staff-1", NOW)
    assert task.settle(DONE, None, "staff-2", NOW) and task.reason is None
    with pytest.raises(ArrangementRefused):
        task.settle("maybe", None, "staff-1", NOW)


def test_someone_is_told_only_once_all_their_tasks_at_the_time_are_settled() -> None:
    booked = [("b1", ("bsl", "step_free")), ("b2", ("bsl",))]
    tasks = domain.reconcile("s", [], domain.needed_for(SLOT, "in_person", booked, None), NOW).added
    bsl, step_free = tasks
    bsl.settle(DONE, None, "staff", NOW)
    assert domain.settled_people(tasks, bsl) == ["b2"]  # b1 still waits for step-free
    step_free.settle(NOT_POSSIBLE, "No ramp", "staff", NOW)
    assert domain.settled_people(tasks, step_free) == ["b1"]
    assert domain.what_for(tasks, "b1", SLOT) == (["bsl_interpreter"], ["step_free"])


def test_running_a_time_with_arrangements_open_needs_the_tick() -> None:
    domain.check_can_run(0, go_ahead=False)
    domain.check_can_run(2, go_ahead=True)
    with pytest.raises(BookingRefused) as refused:
        domain.check_can_run(2, go_ahead=False)
    assert refused.value.reason == "arrangements_open"


# The handlers, with the fakes.


def booked_session(*needs: tuple[str, ...]) -> tuple[FakeUnitOfWork, list[str]]:
    s = session(plan(min_group_size=5))
    uow = FakeUnitOfWork(s)
    people = []
    for each in needs:
        person = str(uuid.uuid4())
        s.slots[0].book(person, None, NOW)
        uow.needs.save(person, each)
        people.append(person)
    return uow, people


def test_booking_events_review_the_session_and_settling_tells_who_is_settled() -> None:
    uow, (ann, _bo) = booked_session(("bsl", "step_free"), ())
    bus, s = bootstrap(clock=lambda: NOW), uow.session
    review = FROM_EVENTS["BookingConfirmed"]({"session_id": s.id})
    assert review == ReviewArrangements(s.id)
    assert bus.handle(review, uow) == 2  # a BSL interpreter and the way in
    bsl, step_free = sorted(uow.arrangements.kept.values(), key=lambda t: t.kind)
    bus.handle(SettleArrangement(s.id, bsl.task_id, DONE, None, "staff-1"), uow)
    bus.handle(SettleArrangement(s.id, step_free.task_id, DONE, None, "staff-1"), uow)
    first, second = uow.of(ArrangementDone)
    assert first.settled_for == []  # Ann still waits for the way in
    (told,) = second.settled_for
    assert (told.participant_id, sorted(told.done)) == (ann, ["bsl_interpreter", "step_free"])
    key, data = uow.envelopes[-1][2], uow.envelopes[-1][3]
    assert uow.envelopes[-1][0] == "ArrangementDone" and key == s.id  # keyed by session
    assert "reason" not in data


def test_a_settled_task_changed_later_tells_them_again_only_if_the_words_change() -> None:
    uow, (ann,) = booked_session(("bsl", "travel_help"))
    bus, s = bootstrap(clock=lambda: NOW), uow.session
    bus.handle(ReviewArrangements(s.id), uow)
    bsl, taxi = sorted(uow.arrangements.kept.values(), key=lambda t: t.kind)

    def settle(task: domain.ArrangementTask, outcome: str, reason: str | None = None) -> list:
        bus.handle(SettleArrangement(s.id, task.task_id, outcome, reason, "staff-1"), uow)
        return uow.of(ArrangementDone)[-1].settled_for

    assert settle(bsl, DONE) == []  # the taxi is still open
    (first,) = settle(taxi, NOT_POSSIBLE, "No taxi firm that day")
    assert (first.participant_id, first.done, first.not_possible) == (
        ann, ["bsl_interpreter"], ["taxi"]
    )  # fmt: skip
    assert not first.update
    # A reason edited: the words they were told stay the same, so nobody is told again.
    assert settle(taxi, NOT_POSSIBLE, "No taxi firm with a ramp that day") == []
    # The interpreter fell through: what they were told changed, so they hear it as an update.
    (again,) = settle(bsl, NOT_POSSIBLE, "The interpreter is ill")
    assert (again.done, again.not_possible, again.update) == ([], ["bsl_interpreter", "taxi"], True)
    # Back to how it was: an update again (the words differ from the last they were told)...
    (back,) = settle(bsl, DONE)
    assert (back.done, back.not_possible, back.update) == (["bsl_interpreter"], ["taxi"], True)
    assert uow.envelopes[-1][3]["settled_for"][0]["update"] is True  # on the published event


def test_telling_is_first_then_an_update_and_never_the_same_words_twice() -> None:
    told = (("bsl_interpreter",), ("taxi",))
    assert domain.telling(None, told) == domain.FIRST
    assert domain.telling(told, told) is None
    assert domain.telling((["bsl_interpreter"], ["taxi"]), told) is None  # lists from the table
    assert domain.telling(told, ((), ("bsl_interpreter", "taxi"))) == domain.UPDATE


def test_a_venue_without_step_free_access_is_a_warning_on_the_task() -> None:
    uow, _ = booked_session(("step_free",))
    bus, s = bootstrap(clock=lambda: NOW), uow.session
    venue = bus.handle(SaveVenue(None, "Old Chapel", "1 Hill St, Leeds", ("parking",)), uow)
    bus.handle(ChooseVenue(s.id, venue.venue_id), uow)
    (task,) = uow.arrangements.kept.values()
    assert task.kind == "step_free" and task.venue_problem
    assert s.location == "Old Chapel, 1 Hill St, Leeds" and s.access_features == ("parking",)
    with pytest.raises(VenueRejected):
        bus.handle(SaveVenue(None, "", "somewhere", ()), uow)


def test_run_anyway_waits_for_arrangements_unless_ticked_and_records_who() -> None:
    uow, _ = booked_session(("bsl",))
    bus, s = bootstrap(clock=lambda: NOW + timedelta(days=6)), uow.session
    bus.handle(ReviewArrangements(s.id), uow)
    slot = s.slots[0]
    with pytest.raises(BookingRefused):
        bus.handle(RunAnyway(s.id, slot.id), uow)
    assert slot.confirmed_to_run_at is None
    bus.handle(RunAnyway(s.id, slot.id, go_ahead=True, staff_id="staff-7"), uow)
    assert slot.confirmed_to_run_at is not None
    assert uow.arrangements.go_aheads(s.id)[slot.id][:2] == ("staff-7", 1)
