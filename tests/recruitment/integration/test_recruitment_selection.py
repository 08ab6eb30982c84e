"""Selection and invitation on a real (SQLite) database: filter who is interested, shortlist,
invite in waves; a wave is released only when due, and never to someone who withdrew, is on
the do-not-contact list, or was asked too often lately. Each invitation becomes one
ParticipantInvited in the outbox."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from services.recruitment.invitations.service_layer import invitations
from services.recruitment.web import bus
from shared.bus.tables import outbox
from tests.recruitment.integration.test_recruitment_activities import (
    PERSON,
    app,
    as_participant,
    coordinator,
    engine,
    open_activity,
)

__all__ = ["app", "coordinator", "engine"]  # fixtures used below
PEOPLE = [
    ("Ann", "07911 123450", "LS7 3EX", "step_free"),
    ("Bea", "07911 123451", "LS7 4AB", "bsl"),
    ("Cal", "07911 123452", "LS6 1AA", "step_free"),
    ("Dee", "07911 123453", "LS7 2CD", "carer"),
]


def sign_up_everyone(app: Flask, coordinator: FlaskClient) -> str:
    activity_id = open_activity(coordinator)
    for name, phone, postcode, need in PEOPLE:
        data = {**PERSON, "preferred_name": name, "phone": phone, "postcode": postcode}
        answer = app.test_client().post("/join/DEMO", data={**data, "support_needs": need})
        assert answer.status_code == 200
    return activity_id


def people(coordinator: FlaskClient, activity_id: str, query: str = "") -> list[dict]:  # type: ignore[type-arg]
    answer = coordinator.get(f"/api/recruitment/activities/{activity_id}/interested{query}")
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def invited(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(outbox.c.payload).where(outbox.c.event_type == "ParticipantInvited")
        ).scalars()
        return [json.loads(row)["data"]["participant_id"] for row in rows]


def release(app: Flask, at: datetime, per_30_days: int = 3) -> int:
    return invitations.release_due(at, per_30_days, bus(app).uow_factory())


def test_the_coordinator_filters_by_place_and_need_and_shortlists(
    app: Flask, coordinator: FlaskClient
) -> None:
    activity_id = sign_up_everyone(app, coordinator)
    found = people(coordinator, activity_id, "?district=LS7&need=step_free")
    assert [p["preferred_name"] for p in found] == ["Ann"]
    assert found[0]["support_needs"] == ["step_free"]
    everyone = [p["participant_id"] for p in people(coordinator, activity_id)]
    answer = coordinator.post(
        f"/api/recruitment/activities/{activity_id}/shortlist",
        json={"participant_ids": everyone[:2]},
    )
    assert answer.get_json() == {"shortlisted": 2}
    assert len(people(coordinator, activity_id, "?status=shortlisted")) == 2
    bad = coordinator.get(f"/api/recruitment/activities/{activity_id}/interested?status=maybe")
    assert bad.status_code == 422


def test_invitations_go_out_in_waves_only_when_each_wave_is_due(
    app: Flask, coordinator: FlaskClient, engine: Engine
) -> None:
    activity_id = sign_up_everyone(app, coordinator)
    everyone = [p["participant_id"] for p in people(coordinator, activity_id)]
    answer = coordinator.post(
        f"/api/recruitment/activities/{activity_id}/invitations",
        json={"participant_ids": everyone, "wave_size": 3, "minutes_apart": 60},
    )
    assert answer.status_code == 202
    assert answer.get_json() == {"invitations": 4, "waves": 2}
    now = datetime.now(UTC)
    assert release(app, now + timedelta(seconds=1)) == 3
    assert release(app, now + timedelta(minutes=30)) == 0
    assert release(app, now + timedelta(minutes=61)) == 1
    assert release(app, now + timedelta(minutes=120)) == 0  # nothing is sent twice
    assert sorted(invited(engine)) == sorted(everyone)
    assert len(people(coordinator, activity_id, "?status=invited")) == 4


def test_withdrawn_do_not_contact_and_over_asked_people_are_skipped(
    app: Flask, coordinator: FlaskClient, engine: Engine
) -> None:
    activity_id = sign_up_everyone(app, coordinator)
    ann, bea, cal, dee = [p["participant_id"] for p in people(coordinator, activity_id)]
    assert (
        coordinator.post(f"/api/recruitment/participants/{bea}/do-not-contact").status_code == 204
    )
    withdrawn = as_participant(app, cal).post("/join/me/withdraw", data={"scope": "taking_part"})
    assert withdrawn.status_code == 302
    url = f"/api/recruitment/activities/{activity_id}/invitations"
    now = datetime.now(UTC)
    coordinator.post(url, json={"participant_ids": [ann, bea, cal, dee], "minutes_apart": 0})
    assert release(app, now + timedelta(seconds=1), per_30_days=1) == 2
    coordinator.post(url, json={"participant_ids": [ann], "minutes_apart": 0})
    assert release(app, now + timedelta(seconds=2), per_30_days=1) == 0  # asked already
    reasons = {
        (row["participant_id"], row["status"], row["reason"])
        for row in coordinator.get(url).get_json()
    }
    assert (bea, "skipped", "do_not_contact") in reasons
    assert (cal, "skipped", "withdrawn") in reasons
    assert (ann, "skipped", "asked_recently") in reasons
    assert sorted(invited(engine)) == sorted([ann, dee])


def test_only_people_who_signed_up_for_the_activity_can_be_invited(
    app: Flask, coordinator: FlaskClient
) -> None:
    activity_id = sign_up_everyone(app, coordinator)
    stranger = "3f0c9a52-6b1e-4d27-8a94-7c2e5b1d0f68"
    answer = coordinator.post(
        f"/api/recruitment/activities/{activity_id}/invitations",
        json={"participant_ids": [stranger]},
    )
    assert answer.status_code == 422
    assert "None of these people signed up" in answer.get_json()["message"]


def test_an_activity_can_invite_everyone_who_signs_up_at_once(
    app: Flask, coordinator: FlaskClient, engine: Engine
) -> None:
    activity_id = open_activity(coordinator, invite_on_sign_up=True)
    app.test_client().post("/join/DEMO", data=PERSON)
    app.test_client().post("/join/DEMO", data=PERSON)  # a second click: still one invitation
    [person] = people(coordinator, activity_id)
    assert person["status"] == "invited"
    assert invited(engine) == [person["participant_id"]]
    with engine.connect() as conn:
        payloads = conn.execute(
            select(outbox.c.payload).where(outbox.c.event_type == "ParticipantInvited")
        ).scalars()
        assert json.loads(next(iter(payloads)))["data"]["paid"] is True
