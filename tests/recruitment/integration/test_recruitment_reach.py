"""Reach against target on a real (SQLite) database and the real broker: sign-ups through each
channel count against the activity's targets by place, age, tag, channel and partner; the gaps
are said plainly; AttendanceRecorded from scheduling marks who took part, once."""

from __future__ import annotations

import csv
import dataclasses
import io
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from services.recruitment.adapters.orm import expressions_of_interest, participants, start_mappers
from services.recruitment.adapters.unit_of_work import RecruitmentUnitOfWork
from services.recruitment.bootstrap import bootstrap as recruitment_bus
from services.recruitment.bootstrap import subscription, uow_factory
from services.recruitment.handlers import FROM_EVENTS
from services.recruitment.reach.service_layer import reach
from shared.bus.consumer import ConsumerRunner
from shared.bus.kafka_clients import make_consumer, make_producer
from shared.db import make_session_factory
from shared.events.envelope import decode, encode
from tests.contract.test_event_samples import SAMPLES
from tests.recruitment.integration.test_recruitment_activities import (
    PERSON,
    app,
    coordinator,
    engine,
)
from tests.support import committed_offset, produce, read_topic, running, wait_until

__all__ = ["app", "coordinator", "engine"]  # fixtures used below

TARGETS = {
    "place:LS7": 10,
    "age:65-74": 2,
    "tag:diabetes": 2,
    "channel:qr_poster": 5,
    "partner:Age UK Leeds": 3,
}
ACTIVITY = {
    "title": "Making GP appointments easier",
    "purpose": "Tell us what makes booking a GP appointment hard.",
    "approach": "focus_group",
    "formats": ["in_person"],
    "audience": {"places": ["LS7"], "tags": ["diabetes"], "targets": TARGETS},
    "offer": {"rate_pence": 2500, "rate_unit": "hour"},
}


def open_activity(coordinator: FlaskClient) -> str:
    activity_id = coordinator.post("/api/recruitment/activities", json=ACTIVITY).get_json()["id"]
    for channel in (
        {"kind": "qr_poster", "code": "DEMO"},
        {"kind": "partner_link", "code": "AGEUK", "partner": "Age UK Leeds"},
        {"kind": "partner_link", "code": "LIB1", "partner": "Leeds Libraries"},
    ):
        url = f"/api/recruitment/activities/{activity_id}/channels"
        assert coordinator.post(url, json=channel).status_code == 201
    url = f"/api/recruitment/activities/{activity_id}/status"
    assert coordinator.post(url, json={"status": "open"}).status_code == 200
    return activity_id


def sign_up(app: Flask, engine: Engine, path: str, n: int, **changes: Any) -> str:
    data = {**PERSON, "phone": f"07911 {100000 + n}", **changes}
    answer = app.test_client().post(path, data=data)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    with engine.connect() as conn:
        phone = f"+447911{100000 + n}"
        return conn.execute(
            select(participants.c.id).where(participants.c.phone == phone)
        ).scalar_one()


def the_crowd(app: Flask, engine: Engine, activity_id: str) -> list[str]:
    """4 through a poster's code (3 in LS7, 2 aged 65-74, 1 with diabetes), 2 through Age UK
    (LS6), 1 on the web page (LS7)."""
    old = {"age_band": "65-74"}
    sick = {"health_tags": "diabetes", "special_consent": "yes"}
    return [
        sign_up(app, engine, "/join/DEMO", 1, **old, **sick),
        sign_up(app, engine, "/join/DEMO", 2, **old),
        sign_up(app, engine, "/join/DEMO", 3),
        sign_up(app, engine, "/join/DEMO", 4, postcode="LS6 1AA"),
        sign_up(app, engine, "/join/AGEUK", 5, postcode="LS6 1AA"),
        sign_up(app, engine, "/join/AGEUK", 6, postcode="LS6 2BB"),
        sign_up(app, engine, f"/join/activities/{activity_id}", 7),
    ]


def attended(engine: Engine, participant_id: str, activity_id: str, outcome: str) -> None:
    start_mappers()
    uow = RecruitmentUnitOfWork(make_session_factory(engine))
    data = {
        "participant_id": uuid.UUID(participant_id),
        "activity_id": uuid.UUID(activity_id),
        "outcome": outcome,
        "session_starts_at": datetime(2026, 12, 2, 10, 30, tzinfo=UTC),
    }
    with uow:
        reach.record_attendance(FROM_EVENTS["AttendanceRecorded"](data), uow)
        uow.commit()


def test_reach_counts_sign_ups_and_took_part_against_each_target(
    app: Flask, coordinator: FlaskClient, engine: Engine
) -> None:
    activity_id = open_activity(coordinator)
    people = the_crowd(app, engine, activity_id)
    attended(engine, people[0], activity_id, "attended")
    attended(engine, people[4], activity_id, "partly_attended")
    attended(engine, people[1], activity_id, "no_show")  # does not count as taking part

    view = coordinator.get(f"/api/recruitment/activities/{activity_id}/reach").get_json()
    assert (view["signed_up"], view["took_part"], view["withdrawn"]) == (7, 2, 0)
    got = {t["group"]: (t["signed_up"], t["took_part"], t["short"]) for t in view["targets"]}
    assert got == {
        "place:LS7": (4, 1, 6),
        "age:65-74": (2, 1, 0),
        "tag:diabetes": (1, 1, 1),
        "channel:qr_poster": (4, 1, 1),
        "partner:Age UK Leeds": (2, 1, 1),
    }
    assert view["gaps"] == [
        "place:LS7: 4 of 10, 6 short",
        "channel:qr_poster: 4 of 5, 1 short",
        "partner:Age UK Leeds: 2 of 3, 1 short",
        "tag:diabetes: 1 of 2, 1 short",
    ]
    places = {row["value"]: row["signed_up"] for row in view["by_group"]["place"]}
    assert places == {"LS6": 3, "LS7": 4}
    channels = {row["value"]: row["signed_up"] for row in view["by_group"]["channel"]}
    assert channels == {"partner_link": 2, "qr_poster": 4, "web": 1}


def test_reach_as_csv_has_the_same_numbers(
    app: Flask, coordinator: FlaskClient, engine: Engine
) -> None:
    activity_id = open_activity(coordinator)
    the_crowd(app, engine, activity_id)
    answer = coordinator.get(f"/api/recruitment/activities/{activity_id}/reach.csv")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    targets = {r["group"]: r for r in rows if r["section"] == "target"}
    assert targets["place:LS7"]["signed_up"] == "4"
    assert targets["place:LS7"]["gap"] == "place:LS7: 4 of 10, 6 short"
    groups = {r["group"]: r["signed_up"] for r in rows if r["section"] == "group"}
    assert groups["partner:Age UK Leeds"] == "2" and groups["place:LS6"] == "3"


def test_the_partner_report_counts_each_partners_sign_ups(
    app: Flask, coordinator: FlaskClient, engine: Engine
) -> None:
    activity_id = open_activity(coordinator)
    people = the_crowd(app, engine, activity_id)
    attended(engine, people[5], activity_id, "attended")
    report = coordinator.get(f"/api/recruitment/activities/{activity_id}/partners").get_json()
    assert report == [
        {"partner": "Age UK Leeds", "codes": ["AGEUK"], "signed_up": 2, "took_part": 1,
         "withdrawn": 0},
        {"partner": "Leeds Libraries", "codes": ["LIB1"], "signed_up": 0, "took_part": 0,
         "withdrawn": 0},
        {"partner": None, "codes": ["DEMO"], "signed_up": 5, "took_part": 0, "withdrawn": 0},
    ]  # fmt: skip


def test_reports_are_for_coordinators_only(app: Flask, coordinator: FlaskClient) -> None:
    activity_id = open_activity(coordinator)
    for path in ("reach", "reach.csv", "partners", "equality"):
        url = f"/api/recruitment/activities/{activity_id}/{path}"
        assert app.test_client().get(url).status_code == 401
    missing = f"/api/recruitment/activities/{uuid.uuid4()}/reach"
    assert coordinator.get(missing).status_code == 404


def test_attendance_from_the_broker_marks_took_part_once(
    app: Flask, coordinator: FlaskClient, engine: Engine, bootstrap: str, topic: str
) -> None:
    activity_id = open_activity(coordinator)
    people = the_crowd(app, engine, activity_id)
    template = decode((SAMPLES / "AttendanceRecorded.v1.json").read_bytes())

    def event(participant_id: str, outcome: str) -> bytes:
        data = {**template.data, "participant_id": participant_id, "activity_id": activity_id}
        return encode(
            dataclasses.replace(template, id=str(uuid.uuid4()), data={**data, "outcome": outcome})
        )

    came, stayed_home = event(people[2], "attended"), event(people[3], "no_show")
    produce(bootstrap, topic, [(b"k", came), (b"k", came), (b"k", stayed_home)])
    uows = uow_factory(engine)
    sub = subscription(
        recruitment_bus(engine=engine, uow_factory=uows)
    )  # the consumer's own wiring
    sub.group, sub.topics = f"recruitment-test-{uuid.uuid4().hex[:8]}", [topic]
    runner = ConsumerRunner(
        sub,
        uows,
        consumer_factory=lambda: make_consumer(bootstrap, sub.group, [topic]),
        producer_factory=lambda: make_producer(bootstrap, "recruitment-test-dlq"),
    )
    with running(runner.run):
        wait_until(lambda: committed_offset(bootstrap, sub.group, topic) == 3, what="handled")
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                expressions_of_interest.c.participant_id, expressions_of_interest.c.status
            ).where(expressions_of_interest.c.took_part_at.is_not(None))
        ).all()
    assert rows == [(people[2], "took_part")]
    assert read_topic(bootstrap, f"{topic}.dlq", timeout=2) == []
