"""Advisory panels on SQLite through the pages and the SMS handler: a coordinator makes a
panel, invites people from the activity's pool for a term, adds a monthly series across the
October clock change; members answer by text (Y, IE, N, LEAVE PANEL) and on the web; yes is a
booking; the staff page shows names, terms and answers; a term ending soon is a staff task;
another organisation's panel is not found."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from services.scheduling.adapters.tables.panels import (
    panel_meeting_answers,
    panel_meetings,
    panel_members,
)
from services.scheduling.adapters.tables.sessions import bookings, slots
from services.scheduling.booking.commands import MoveBooking
from services.scheduling.booking.entrypoints.booking_pages import refusal_words
from services.scheduling.bootstrap import bootstrap, uow_factory
from services.scheduling.config import load_settings
from services.scheduling.entrypoints.app import create_app
from services.scheduling.panels import service_layer as panels
from services.scheduling.panels.commands import ScheduleSeries
from services.scheduling.panels.domain import Series
from services.scheduling.people.commands import Erase, LeaveOrganisation, Withdraw
from services.scheduling.sessions.domain.booking import BookingRefused
from services.scheduling.sms_dialogue import service_layer as sms
from services.scheduling.waitlist.commands import JoinWaitlist
from shared.bus.tables import outbox
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.organisation_matrix import fill, staff_routes
from tests.scheduling.fakes import Clock
from tests.support import migrated_engine, staff_client

NOW = datetime(2027, 8, 20, 9, 0, tzinfo=UTC)  # 25 days before the first meeting: it is asked
SEPTEMBER_10 = datetime(2027, 9, 10, 9, 0, tzinfo=UTC)  # 32 days before the second
ACTIVITY = str(uuid.uuid4())
ANA, BEN, CAI = (str(uuid.uuid4()) for _ in range(3))


class World:
    def __init__(self, tmp_path: Path) -> None:
        self.engine = migrated_engine("scheduling", tmp_path)
        self.clock = Clock(NOW)
        self.bus = bootstrap(settings=load_settings(), engine=self.engine, clock=self.clock)
        self.app: Flask = create_app(self.bus)
        self.app.config["WTF_CSRF_ENABLED"] = False
        self.uows = uow_factory(self.engine)
        self.read = 0

    def staff(self) -> FlaskClient:
        return staff_client(self.app, ["coordinator"])

    def participant(self, participant_id: str) -> FlaskClient:
        client = self.app.test_client()
        with client.session_transaction() as session:
            session["participant"] = {"id": participant_id, "issued_at": NOW.isoformat()}
        return client

    def recruited(self, *people: str) -> None:
        with self.uows() as uow:
            for participant_id in people:
                uow.dialogue.invited(participant_id, ACTIVITY, NOW)
            uow.names.save_participant(ANA, "Ana Jones")
            uow.names.save_participant(BEN, "Ben Evans")
            uow.commit()

    def text(self, who: str, words: str, at: datetime = NOW) -> list[tuple[str, Any]]:
        with self.uows() as uow:
            sms.handle_text(who, words, uow, at)
            uow.commit()
        return self.published()

    def published(self) -> list[tuple[str, dict[str, Any]]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(outbox.c.id, outbox.c.event_type, outbox.c.payload)
                .where(outbox.c.id > self.read)
                .order_by(outbox.c.id)
            ).all()
        if rows:
            self.read = rows[-1].id
        return [(r.event_type, json.loads(r.payload)["data"]) for r in rows]


@pytest.fixture
def world(tmp_path: Path) -> World:
    return World(tmp_path)


def _panel(world: World) -> FlaskClient:
    staff = world.staff()
    made = staff.post(
        "/book/manage/panels/new",
        data={
            "activity_id": ACTIVITY,
            "title": "Patient advisory panel",
            "format": "in_person",
            "location": "Leeds Civic Hall, LS1 1UR",
            "access_features": ["step_free"],
        },
    )
    assert made.status_code == 302, made.get_data(as_text=True)
    return staff


def _invite(staff: FlaskClient, *people: str, ends: str = "31 8 2028") -> Any:
    day, month, year = ends.split()
    return staff.post(
        f"/book/manage/panels/{ACTIVITY}/members",
        data={
            "people": list(people),
            "starts-day": "1", "starts-month": "9", "starts-year": "2027",
            "ends-day": day, "ends-month": month, "ends-year": year,
        },
    )  # fmt: skip


def _series(staff: FlaskClient) -> Any:
    return staff.post(
        f"/book/manage/panels/{ACTIVITY}/series",
        data={
            "ordinal": "2", "weekday": "1", "at": "18:00", "minutes": "120",
            "first-month": "9/2027", "count": "3", "capacity": "20",
        },
    )  # fmt: skip


def test_a_panel_from_invitation_to_booking_by_text_and_web(world: World) -> None:
    world.recruited(ANA, BEN, CAI)
    staff = _panel(world)
    page = staff.get(f"/book/manage/panels/{ACTIVITY}").get_data(as_text=True)
    assert "Ana Jones" in page and "Ben Evans" in page

    assert _invite(staff, ANA, BEN).status_code == 302
    invited = [d for t, d in world.published() if t == "PanelMemberInvited"]
    assert sorted(d["participant_id"] for d in invited) == sorted([ANA, BEN])
    assert invited[0]["starts_on"] == "2027-09-01" and invited[0]["ends_on"] == "2028-08-31"

    # Ana says yes by text (Welsh), Ben no; recruitment's LEAVE <CODE> is not theirs.
    assert [t for t, _ in world.text(ANA, "ie")] == ["PanelMemberJoined"]
    assert [t for t, _ in world.text(BEN, "N")] == ["PanelMemberLeft"]

    assert _series(staff).status_code == 302
    events = world.published()
    scheduled = [d for t, d in events if t == "PanelMeetingScheduled"]
    assert [d["starts_at"] for d in scheduled] == [
        "2027-09-14T17:00:00+00:00",
        "2027-10-12T17:00:00+00:00",
        "2027-11-09T18:00:00+00:00",
    ]
    # One question at a time, about a meeting that is near: not a year's meetings at once.
    asked = [d for t, d in events if t == "PanelMeetingInvited"]
    assert [(d["participant_id"], d["starts_at"]) for d in asked] == [
        (ANA, "2027-09-14T17:00:00+00:00")
    ]
    said = world.text(ANA, "Y")
    assert [t for t, _ in said] == ["BookingConfirmed", "PanelMeetingAnswered"]
    assert said[0][1]["starts_at"] == "2027-09-14T17:00:00+00:00"
    assert said[0][1]["booked_via"] == "sms"
    assert panels.ask_members(world.uows(), NOW) == 0  # October's is not near yet
    assert panels.ask_members(world.uows(), SEPTEMBER_10) == 1  # and now it is
    [october] = [d for t, d in world.published() if t == "PanelMeetingInvited"]
    assert october["starts_at"] == "2027-10-12T17:00:00+00:00"
    assert panels.ask_members(world.uows(), SEPTEMBER_10) == 0  # asked once
    said = world.text(ANA, "n", at=SEPTEMBER_10)
    assert [t for t, d in said] == ["PanelMeetingAnswered"]

    # On the web: yes to the November meeting, asked about as it came near.
    october_10 = datetime(2027, 10, 10, 9, 0, tzinfo=UTC)
    assert panels.ask_members(world.uows(), october_10) == 1
    world.published()
    world.clock.set(october_10)
    ana = world.participant(ANA)
    mine = ana.get(f"/book/panels/{ACTIVITY}").get_data(as_text=True)
    assert "Your time on the panel: 1 September 2027 to 31 August 2028." in mine
    november = scheduled[2]["session_id"]
    answered = ana.post(
        f"/book/panels/{ACTIVITY}/meetings/{november}", data={f"meeting-{november}": "yes"}
    )
    assert answered.status_code == 302
    assert [t for t, _ in world.published()] == ["BookingConfirmed", "PanelMeetingAnswered"]

    page = staff.get(f"/book/manage/panels/{ACTIVITY}").get_data(as_text=True)
    assert "1 September 2027 to 31 August 2028" in page
    assert "Said no" in page and "Member" in page

    # Someone never invited to the panel: not found; a made-up panel: not found.
    assert world.participant(CAI).get(f"/book/panels/{ACTIVITY}").status_code == 404
    assert staff.get(f"/book/manage/panels/{uuid.uuid4()}").status_code == 404

    # LEAVE PANEL: the places still to come are freed, and they stay with Chorus.
    left = world.text(ANA, "LEAVE PANEL")
    kinds = [t for t, _ in left]
    assert kinds.count("BookingCancelled") == 2 and "PanelMemberLeft" in kinds
    assert ana.get(f"/book/panels/{ACTIVITY}").status_code == 200


def test_invite_refuses_people_outside_the_pool_and_bad_terms(world: World) -> None:
    world.recruited(ANA)
    staff = _panel(world)
    assert _invite(staff, CAI).status_code == 404  # never invited to the activity
    assert _invite(staff, ANA, ends="31 8 2026").status_code == 422  # ends before it starts
    assert _invite(staff, ANA, ends="31 2 2028").status_code == 400  # no such day
    assert _invite(staff).status_code == 400  # nobody ticked
    assert world.published() == []


def test_a_term_ending_within_30_days_is_a_staff_task_until_renewed(world: World) -> None:
    world.recruited(ANA)
    staff = _panel(world)
    _invite(staff, ANA, ends="30 9 2027")
    world.text(ANA, "Y")
    world.published()
    assert panels.review_terms(world.uows(), datetime(2027, 8, 30, 9, tzinfo=UTC)) == 0
    assert panels.review_terms(world.uows(), datetime(2027, 9, 1, 9, tzinfo=UTC)) == 1
    task = [d for t, d in world.published() if t == "SchedulingStaffTask"]
    assert task[0]["kind"] == "panel_term_ending" and task[0]["state"] == "open"
    assert task[0]["path"] == f"/book/manage/panels/{ACTIVITY}"
    world.clock.set(datetime(2027, 9, 1, 9, tzinfo=UTC))
    assert "Term ends soon" in staff.get(f"/book/manage/panels/{ACTIVITY}").get_data(as_text=True)
    renew = f"/book/manage/panels/{ACTIVITY}/members/{ANA}/renew"
    form = staff.get(renew).get_data(as_text=True)
    assert "Their term: 1 September 2027 to 30 September 2027." in form
    assert 'value="2028"' in form  # a year on, suggested

    def chosen(day: str, month: str, year: str, choice: str = "renew") -> Any:
        fields = {"ends-day": day, "ends-month": month, "ends-year": year}
        return staff.post(renew, data={"choice": choice, **fields} if choice else fields)

    assert chosen("31", "8", "2028", choice="").status_code == 400  # neither chosen
    bad = chosen("31", "2", "2028")
    assert bad.status_code == 400 and "Enter a real date" in bad.get_data(as_text=True)
    early = chosen("15", "9", "2027")  # before the term's current end
    assert early.status_code == 422
    assert (
        "Choose a new last day after today and after the term's current end, 30 September 2027."
        in early.get_data(as_text=True).replace("&#39;", "'")
    )
    long = chosen("1", "1", "2031")
    assert long.status_code == 422
    assert "up to 3 years from its start, 1 September 2027" in long.get_data(as_text=True)
    welsh = staff.post(
        renew,
        data={"choice": "renew", "ends-day": "15", "ends-month": "9", "ends-year": "2027"},
        headers={"Accept-Language": "cy"},
    )
    assert "ar ôl diwedd presennol y tymor, 30 Medi 2027" in welsh.get_data(as_text=True)
    assert [t for t, _ in world.published()] == []  # nothing changed

    renewed = chosen("31", "3", "2029")
    assert renewed.status_code == 302 and renewed.location.endswith("?done=renewed")
    done = [d for t, d in world.published() if t == "SchedulingStaffTask"]
    assert done and done[-1]["state"] == "done"
    page = staff.get(f"/book/manage/panels/{ACTIVITY}").get_data(as_text=True)
    assert "1 September 2027 to 31 March 2029" in page


def test_a_coordinator_ends_a_term_now_freeing_the_places_to_come(world: World) -> None:
    world.recruited(ANA)
    staff = _panel(world)
    _invite(staff, ANA)
    world.text(ANA, "Y")
    _series(staff)
    world.text(ANA, "Y")
    world.published()
    renew = f"/book/manage/panels/{ACTIVITY}/members/{ANA}/renew"
    ended = staff.post(renew, data={"choice": "end"})
    assert ended.status_code == 302 and ended.location.endswith("?done=ended")
    said = world.published()
    kinds = [t for t, _ in said]
    assert "BookingCancelled" in kinds and "PanelMemberLeft" not in kinds  # told of the place
    assert [d["cause"] for t, d in said if t == "BookingCancelled"] == ["organiser"]
    assert _status(world, ANA) == "left"
    again = staff.post(renew, data={"choice": "end"})
    assert again.status_code == 409  # no longer a member
    assert "Only a member&#39;s term can be renewed or ended." in again.get_data(as_text=True)
    assert world.published() == []


def test_a_series_twice_makes_each_meeting_once(world: World) -> None:
    _panel(world)
    series = Series(2, 1, time(18), 120, date(2027, 9, 1), 3)
    first = world.bus.handle(ScheduleSeries(ACTIVITY, series, 20))
    again = world.bus.handle(ScheduleSeries(ACTIVITY, series, 20))
    assert len(first) == 3 and again == []
    assert timedelta(0) < first[0].ends_at - first[0].starts_at


def test_another_organisations_panel_is_not_found_on_every_panel_route(world: World) -> None:
    """Every staff route that takes a panel's activity (from the app's URL map) answers another
    organisation's panel as it does an unknown one: 404, and nothing changes."""
    theirs = str(uuid.uuid4())
    with world.uows() as uow:
        uow.activities.save(ACTIVITY, theirs)
        uow.dialogue.invited(ANA, ACTIVITY, NOW)
        uow.commit()
    them = _staff_at(world.app, theirs)
    made = them.post(
        "/book/manage/panels/new",
        data={"activity_id": ACTIVITY, "title": "Their panel", "format": "online",
              "joining_url": "https://meet.example/panel"},
    )  # fmt: skip
    assert made.status_code == 302
    assert _invite(them, ANA).status_code == 302
    world.published()
    me = _staff_at(world.app, FIRST_ORGANISATION_ID)
    routes = staff_routes(world.app, {"activity_id", "participant_id"})
    assert len([r for _, r in routes if r.startswith("/book/manage/panels/")]) >= 5
    unknown = {"activity_id": str(uuid.uuid4()), "participant_id": str(uuid.uuid4())}
    for method, rule in routes:
        if not rule.startswith("/book/manage/panels/"):
            continue
        mine = me.open(fill(rule, {"activity_id": ACTIVITY, "participant_id": ANA}), method=method)
        nobody = me.open(fill(rule, unknown), method=method)
        assert (mine.status_code, nobody.status_code) == (404, 404), rule
    assert world.published() == []
    assert them.get(f"/book/manage/panels/{ACTIVITY}").status_code == 200


def _staff_at(app: Flask, organisation_id: str) -> FlaskClient:
    client = app.test_client()
    with client.session_transaction() as session:
        session["staff"] = {
            "id": str(uuid.uuid4()),
            "name": "Cora",
            "roles": ["admin", "coordinator"],
            "organisation_id": organisation_id,
            "issued_at": NOW.isoformat(),
        }
    return client


def test_the_member_page_in_welsh(world: World) -> None:
    world.recruited(ANA)
    _invite(_panel(world), ANA)
    page = world.participant(ANA).get(f"/book/panels/{ACTIVITY}", headers={"Accept-Language": "cy"})
    words = page.get_data(as_text=True)
    assert "Hoffech chi ymuno \u00e2\u2019r panel?" in words
    assert "1 Medi 2027" in words


def test_erasure_takes_their_membership_and_answers(world: World) -> None:
    world.recruited(ANA, BEN)
    staff = _panel(world)
    _invite(staff, ANA, BEN)
    world.text(ANA, "Y")
    world.text(BEN, "Y")
    _series(staff)
    world.text(ANA, "N")
    world.text(BEN, "N")

    with world.uows() as uow:
        uow.people.erase(ANA)
        uow.commit()

    with world.engine.connect() as conn:
        for table in (panel_members, panel_meeting_answers):
            left = conn.execute(select(table.c.participant_id)).scalars().all()
            assert ANA not in left and BEN in left, table.name
    assert world.participant(ANA).get(f"/book/panels/{ACTIVITY}").status_code == 404


def test_only_members_may_take_a_place_at_a_panels_meeting_by_any_way_of_booking(
    world: World,
) -> None:
    """Cai is in the activity's pool but not on the panel; Ben said no. Neither sees the
    meetings as times to book, and every way of booking refuses them in plain words; Ana, a
    member, may still be booked by a coordinator."""
    world.recruited(ANA, BEN, CAI)
    staff = _panel(world)
    _invite(staff, ANA, BEN)
    world.text(ANA, "Y")
    world.text(BEN, "N")
    _series(staff)
    world.published()
    with world.engine.connect() as conn:
        meetings = conn.execute(
            select(panel_meetings.c.session_id, panel_meetings.c.slot_id).order_by(
                panel_meetings.c.starts_at
            )
        ).all()
    session_id, slot_id = meetings[0]
    words = "This is a panel's meeting. Only its members can come."

    for outsider in (CAI, BEN):
        web = world.participant(outsider)
        listed = web.get(f"/book/activities/{ACTIVITY}").get_data(as_text=True)
        assert all(m.slot_id not in listed for m in meetings)
        assert all(m.slot_id not in web.get("/book").get_data(as_text=True) for m in meetings)
        assert web.get(f"/book/sessions/{session_id}").status_code == 404
        posted = web.post(f"/book/activities/{ACTIVITY}", data={"slot_id": slot_id})
        assert posted.status_code == 422  # not one of the times shown them

        api = staff.post(
            f"/api/scheduling/slots/{slot_id}/bookings", json={"participant_id": outsider}
        )
        assert (api.status_code, api.get_json()["message"]) == (409, words)
        with pytest.raises(BookingRefused) as refused:
            world.bus.handle(MoveBooking(slot_id, outsider))
        assert refused.value.reason == "members_only"
        with pytest.raises(BookingRefused) as refused:
            world.bus.handle(JoinWaitlist(slot_id, outsider))
        assert refused.value.reason == "members_only"

        said = world.text(outsider, "BOOK")
        assert [(t, d["hint"]) for t, d in said] == [("BookingReplyNotUnderstood", "members_only")]

    welsh = world.participant(CAI).post(
        f"/book/sessions/{session_id}", data={"slot_id": slot_id}, headers={"Accept-Language": "cy"}
    )
    assert welsh.status_code == 404
    with world.app.test_request_context(headers={"Accept-Language": "cy"}):
        assert refusal_words("members_only") == (
            "Cyfarfod panel yw hwn. Dim ond ei aelodau sy\u2019n gallu dod."
        )

    with world.engine.connect() as conn:
        taken = conn.execute(
            select(bookings.c.participant_id).where(bookings.c.status == "confirmed")
        ).scalars()
        assert set(taken) <= {ANA}
    booked = staff.post(f"/api/scheduling/slots/{slot_id}/bookings", json={"participant_id": ANA})
    assert booked.status_code == 201, booked.get_json()


def test_a_number_texted_after_leaving_the_panel_books_nothing(world: World) -> None:
    """An offer made while they were a member: once they left, its number is refused."""
    world.recruited(ANA)
    staff = _panel(world)
    _invite(staff, ANA)
    world.text(ANA, "Y")
    _series(staff)
    world.published()
    said = world.text(ANA, "BOOK")
    assert [t for t, _ in said] == ["BookingOptionsOffered"]
    world.text(ANA, "LEAVE PANEL")
    said = world.text(ANA, "1")
    assert [(t, d.get("hint")) for t, d in said] == [("BookingReplyNotUnderstood", "members_only")]


def test_their_data_shows_their_panel_memberships_and_meeting_answers(world: World) -> None:
    world.recruited(ANA, BEN)
    staff = _panel(world)
    _invite(staff, ANA, BEN)
    world.text(ANA, "Y")
    _series(staff)
    world.text(ANA, "N")  # the one meeting question: 14 September
    assert panels.ask_members(world.uows(), SEPTEMBER_10) == 1  # October's, as it comes near

    ana = world.participant(ANA)
    [mine] = ana.get("/book/me/data.json").get_json()["panel_memberships"]
    assert mine["title"] == "Patient advisory panel"
    assert (mine["term_starts_on"], mine["term_ends_on"]) == ("2027-09-01", "2028-08-31")
    assert (mine["status"], mine["via"]) == ("joined", "sms")
    answers = [(m["starts_at"], m["answer"], m["via"]) for m in mine["meetings"]]
    assert answers == [
        ("2027-09-14T17:00:00+00:00", "no", "sms"),
        ("2027-10-12T17:00:00+00:00", None, None),
    ]
    page = ana.get("/book/me/data").get_data(as_text=True)
    assert "Patient advisory panel" in page
    assert "Your time on the panel: 1 September 2027 to 31 August 2028. Member." in page
    assert "Not coming" in page and "No answer yet" in page

    [bens] = world.participant(BEN).get("/book/me/data.json").get_json()["panel_memberships"]
    assert (bens["status"], bens["meetings"]) == ("invited", [])
    welsh = world.participant(BEN).get("/book/me/data", headers={"Accept-Language": "cy"})
    assert "Wedi gofyn, dim ateb eto" in welsh.get_data(as_text=True)
    nobody = world.participant(CAI).get("/book/me/data").get_data(as_text=True)
    assert "You have not been asked to join a panel." in nobody


def _consume(world: World, command: object) -> list[tuple[str, Any]]:
    """A command the consumer runs in its own unit of work (as from recruitment's events)."""
    with world.uows() as uow:
        world.bus.handle(command, uow)
        uow.commit()
    return world.published()


def _status(world: World, who: str) -> str:
    with world.engine.connect() as conn:
        return conn.execute(
            select(panel_members.c.status).where(panel_members.c.participant_id == who)
        ).scalar_one()


def _places(world: World, who: str) -> list[str]:
    with world.engine.connect() as conn:
        return list(
            conn.execute(
                select(bookings.c.status).where(bookings.c.participant_id == who)
            ).scalars()
        )


def test_leaving_the_organisation_or_chorus_ends_their_panel_membership(world: World) -> None:
    """ParticipantLeftOrganisation (its panels only) and ConsentWithdrawn end membership and
    open invitations as leaving does: places to come freed, silently; they stay with Chorus."""
    world.recruited(ANA, BEN)
    staff = _panel(world)
    _invite(staff, ANA, BEN)
    world.text(ANA, "Y")
    _series(staff)
    world.text(ANA, "Y")
    panels.ask_members(world.uows(), SEPTEMBER_10)
    world.text(ANA, "Y", at=SEPTEMBER_10)
    world.published()
    assert _places(world, ANA) == ["confirmed", "confirmed"]

    assert _consume(world, LeaveOrganisation(ANA, str(uuid.uuid4()))) == []  # another's
    assert _status(world, ANA) == "joined"

    said = _consume(world, LeaveOrganisation(ANA, FIRST_ORGANISATION_ID))
    assert _status(world, ANA) == "left"
    assert _places(world, ANA) == ["cancelled", "cancelled"]
    # No word to them: no BookingCancelled, no PanelMemberLeft (its text says goodbye).
    assert not {t for t, _ in said} & {"BookingCancelled", "PanelMemberLeft"}
    said = world.text(ANA, "Y")  # no longer a panel's answer: the booking dialogue's
    assert [(t, d["hint"]) for t, d in said] == [("BookingReplyNotUnderstood", "nothing_to_book")]
    assert world.participant(ANA).get(f"/book/panels/{ACTIVITY}").status_code == 200

    said = _consume(world, Withdraw(BEN))  # "Stop taking part": the invitation ends too
    assert _status(world, BEN) == "left"
    assert all(not t.startswith("Panel") for t, _ in said)
    assert [t for t, _ in world.text(BEN, "Y")] == ["BookingReplyNotUnderstood"]  # not joined
    assert _status(world, BEN) == "left"


def test_erasure_ends_a_membership_first_so_its_term_task_closes(world: World) -> None:
    world.recruited(ANA)
    staff = _panel(world)
    _invite(staff, ANA, ends="30 9 2027")
    world.text(ANA, "Y")
    assert panels.review_terms(world.uows(), datetime(2027, 9, 1, 9, tzinfo=UTC)) == 1
    world.published()
    said = _consume(world, Erase(ANA))
    [task] = [d for t, d in said if t == "SchedulingStaffTask"]
    assert (task["kind"], task["state"]) == ("panel_term_ending", "done")
    with world.engine.connect() as conn:
        assert conn.execute(select(panel_members.c.participant_id)).all() == []


def test_a_place_held_from_the_waitlist_is_not_theirs_once_they_left_the_panel(
    world: World,
) -> None:
    world.recruited(ANA, BEN)
    staff = _panel(world)
    _invite(staff, ANA, BEN)
    world.text(ANA, "Y")
    world.text(BEN, "Y")
    series = Series(2, 1, time(18), 120, date(2027, 9, 1), 1)
    [meeting] = world.bus.handle(ScheduleSeries(ACTIVITY, series, 1))  # one place
    world.text(ANA, "Y")
    world.bus.handle(JoinWaitlist(meeting.slot_id, BEN))  # a member may wait for it
    world.text(BEN, "LEAVE PANEL")
    with world.engine.connect() as conn:
        booking_id = conn.execute(
            select(bookings.c.id).where(bookings.c.participant_id == ANA)
        ).scalar_one()
    world.published()
    cancelled = staff.post(f"/api/scheduling/bookings/{booking_id}/cancel")
    assert cancelled.status_code == 200
    assert "PlaceOffered" in [t for t, _ in world.published()]  # the line moves as usual
    said = world.text(BEN, "TAKE")
    assert [(t, d["hint"]) for t, d in said] == [("BookingReplyNotUnderstood", "nothing_to_take")]
    assert _places(world, BEN) == []


def test_leaving_past_a_meetings_cut_off_keeps_that_place_and_frees_the_rest(
    world: World,
) -> None:
    world.recruited(ANA)
    staff = _panel(world)
    _invite(staff, ANA)
    world.text(ANA, "Y")
    _series(staff)
    world.text(ANA, "Y")  # September's
    panels.ask_members(world.uows(), SEPTEMBER_10)
    world.text(ANA, "Y", at=SEPTEMBER_10)  # October's
    world.published()
    september = datetime(2027, 9, 14, 17, 0, tzinfo=UTC)
    with world.engine.begin() as conn:  # the coordinator set a day's notice for September's
        conn.execute(
            slots.update()
            .where(slots.c.starts_at == september)
            .values(cancel_by=september - timedelta(days=1))
        )

    left = world.text(ANA, "LEAVE PANEL", at=september - timedelta(hours=5))

    kinds = [t for t, _ in left]
    assert "PanelMemberLeft" in kinds
    freed = [d["starts_at"] for t, d in left if t == "BookingCancelled"]
    assert freed == ["2027-10-12T17:00:00+00:00"]  # September's is past its cut-off: still theirs
    assert _status(world, ANA) == "left"


def test_the_sessions_page_lists_the_panels_by_name_and_says_how_to_start_one(
    world: World,
) -> None:
    staff = world.staff()
    assert "There are no panels yet." in staff.get("/book/manage").get_data(as_text=True)
    _panel(world)
    page = staff.get("/book/manage").get_data(as_text=True)
    assert f'href="/book/manage/panels/{ACTIVITY}">Patient advisory panel</a>' in page
    assert "choose Start a panel" in page and 'href="/join/manage"' in page


def test_book_from_someone_a_panel_asked_to_join_says_to_answer_that_first(
    world: World,
) -> None:
    """Recruitment's invitation to a panel's activity says BOOK; with no times for them yet,
    BOOK must not send them round in a circle ("reply BOOK to see times")."""
    world.recruited(ANA, BEN)
    staff = _panel(world)
    _invite(staff, ANA)
    world.published()

    said = world.text(ANA, "BOOK")
    assert [(t, d["hint"]) for t, d in said] == [("BookingReplyNotUnderstood", "join_the_panel")]
    said = world.text(BEN, "BOOK")  # not asked to join: nothing for them
    assert [(t, d["hint"]) for t, d in said] == [("BookingReplyNotUnderstood", "nothing_to_book")]
    world.text(ANA, "Y")  # joined: the question is answered
    said = world.text(ANA, "BOOK")
    assert [(t, d["hint"]) for t, d in said] == [("BookingReplyNotUnderstood", "nothing_to_book")]
