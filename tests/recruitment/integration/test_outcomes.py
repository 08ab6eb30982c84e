""" "You said, we did" on a real (SQLite) database through the app: a coordinator drafts an
outcome (mistakes named beside their box, nothing stored), edits it, publishes it once; the
outbox holds one OutcomePublished naming the contributors who want news (ids only), the public
page shows published outcomes only, and the reach page counts who was told. People say "no
updates" on their own page or by text, and stay signed up."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from services.recruitment.adapters.orm import expressions_of_interest, outcomes, participants
from services.recruitment.bootstrap import uow_factory, web_unit_of_work
from services.recruitment.outcomes.commands import PublishOutcome
from services.recruitment.outcomes.domain.outcome import OutcomeRuleBroken
from services.recruitment.outcomes.service_layer import outcomes as outcomes_service
from services.recruitment.reach.commands import RecordAttendance
from services.recruitment.reach.service_layer.reach import record_attendance
from services.recruitment.signups.commands import ReceiveText
from services.recruitment.signups.service_layer.sms_signup import receive_text
from shared.bus.tables import outbox
from tests.recruitment.integration.test_recruitment_activities import (
    PERSON,
    app,
    as_participant,
    coordinator,
    engine,
    open_activity,
)
from tests.support import all_at_once

__all__ = ["app", "coordinator", "engine"]  # fixtures used below
FORM = {
    "title": "Letters now use bigger print",
    "description": "You told us the letters were hard to read.",
    "status": "changed",
    "reason": "",
    "decided-day": "1",
    "decided-month": "12",
    "decided-year": "2026",
    "link": "https://www.nhs.uk/letters",
}
PEOPLE = [("Ann", "07911 123450"), ("Bea", "07911 123451"), ("Cal", "07911 123452")]


def signed_up(app: Flask, engine: Engine) -> dict[str, str]:
    for name, phone in PEOPLE:
        data = {**PERSON, "preferred_name": name, "phone": phone}
        assert app.test_client().post("/join/DEMO", data=data).status_code == 200
    with engine.connect() as conn:
        rows = conn.execute(select(participants.c.preferred_name, participants.c.id)).all()
    return dict(rows)  # type: ignore[arg-type]


def took_part(engine: Engine, activity_id: str, participant_id: str) -> None:
    uow = web_unit_of_work(engine, "")()
    with uow:
        starts = datetime(2026, 11, 20, 10, tzinfo=UTC)
        record_attendance(RecordAttendance(participant_id, activity_id, "attended", starts), uow)
        uow.commit()


def published_events(engine: Engine) -> list[dict[str, object]]:
    query = select(outbox.c.key, outbox.c.payload).where(outbox.c.topic == "recruitment.outcome")
    with engine.connect() as conn:
        return [{"key": k, "payload": json.loads(p)} for k, p in conn.execute(query)]


def draft(coordinator: FlaskClient, engine: Engine, activity_id: str, **changes: str) -> str:
    base = f"/join/manage/activities/{activity_id}/outcomes"
    answer = coordinator.post(base, data={**FORM, **changes}, follow_redirects=True)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert "Outcome saved as a draft" in answer.get_data(as_text=True)
    with engine.connect() as conn:
        query = select(outcomes.c.id).order_by(outcomes.c.created_at.desc())
        return str(conn.execute(query).scalars().first())


def test_mistakes_are_named_beside_their_box_and_nothing_is_stored(
    coordinator: FlaskClient, engine: Engine
) -> None:
    activity_id = open_activity(coordinator)
    base = f"/join/manage/activities/{activity_id}/outcomes"
    for changes, message in [
        ({"title": ""}, "Enter what changed, or what you looked at."),
        ({"status": "not_changed", "reason": " "}, "Say why nothing changed, in plain words."),
        ({"link": "http://www.nhs.uk/letters"}, "The link must start with https://"),
        ({"decided-day": "31", "decided-month": "2"}, "Enter a real date, like 4 12 2026."),
        ({"status": ""}, "Choose what happened."),
    ]:
        answer = coordinator.post(base, data={**FORM, **changes})
        page = answer.get_data(as_text=True)
        assert answer.status_code == 400, changes
        assert message in page and "There is a problem" in page, changes
    with engine.connect() as conn:
        assert conn.execute(select(outcomes)).all() == []


def test_draft_edit_publish_once_tells_contributors_who_want_news(
    app: Flask, coordinator: FlaskClient, engine: Engine
) -> None:
    activity_id = open_activity(coordinator)
    people = signed_up(app, engine)
    for name in ("Ann", "Bea", "Cal"):
        took_part(engine, activity_id, people[name])
    # Bea says "no updates" on her page, Cal by text; both stay signed up.
    mine = as_participant(app, people["Bea"]).post("/join/me/updates", data={"updates": "no"})
    assert mine.headers["Location"] == "/join/me?updates=off"
    page = as_participant(app, people["Bea"]).get("/join/me?updates=off").get_data(as_text=True)
    assert "We will not send you news of what changed. You are still taking part." in page
    uow = uow_factory(engine)()  # the consumer's, as a text arrives
    with uow:
        receive_text(ReceiveText(people["Cal"], "+447911123452", "no updates"), uow)
        uow.commit()

    outcome_id = draft(coordinator, engine, activity_id)
    edit = f"/join/manage/activities/{activity_id}/outcomes/{outcome_id}"
    assert "Save changes" in coordinator.get(edit).get_data(as_text=True)
    changed = coordinator.post(edit, data={**FORM, "title": "Letters use bigger print now"})
    assert changed.status_code == 302
    public = f"/join/activities/{activity_id}/outcomes"
    assert "bigger print" not in app.test_client().get(public).get_data(as_text=True)  # a draft

    told = coordinator.post(f"{edit}/publish", follow_redirects=True).get_data(as_text=True)
    assert "People we are telling: 1." in told
    again = coordinator.post(f"{edit}/publish", follow_redirects=True).get_data(as_text=True)
    assert "This is already published." in again
    [event] = published_events(engine)
    assert event["key"] == activity_id
    assert event["payload"]["type"] == "OutcomePublished"  # type: ignore[index]
    data = event["payload"]["data"]  # type: ignore[index]
    assert data["participant_ids"] == [people["Ann"]]
    assert data["page_path"] == public and data["status"] == "changed"
    assert data["outcome_title"] == "Letters use bigger print now"
    assert "Letters" not in str(data["participant_ids"])

    shown = app.test_client().get(public)
    text = shown.get_data(as_text=True)
    assert shown.status_code == 200
    assert "Letters use bigger print now" in text and "We changed something" in text
    assert "1 December 2026" in text and 'href="https://www.nhs.uk/letters"' in text
    locked = coordinator.post(edit, data={**FORM, "title": "Sneaky change"})
    assert "cannot be changed" in locked.get_data(as_text=True)
    reach = coordinator.get(f"/join/manage/activities/{activity_id}/reach").get_data(as_text=True)
    assert "Told what changed" in reach and "Letters use bigger print now" in reach
    # The reach API says the same, with the outcome's id.
    api = coordinator.get(f"/api/recruitment/activities/{activity_id}/reach").get_json()
    assert api["told"] == {
        "told": 1,
        "outcomes": [
            {"outcome_id": outcome_id, "title": "Letters use bigger print now", "told": 1}
        ],
    }
    spec = coordinator.get("/openapi.json").get_json()["components"]["schemas"]
    assert set(spec["ToldAnswer"]["properties"]) == {"told", "outcomes"}
    with engine.connect() as conn:
        statuses = conn.execute(select(expressions_of_interest.c.status)).scalars().all()
        choices = dict(
            conn.execute(
                select(participants.c.preferred_name, participants.c.no_outcome_updates)
            ).all()
        )  # type: ignore[arg-type]
    assert set(statuses) == {"took_part"}  # nobody left by saying "no updates"
    assert choices == {"Ann": False, "Bea": True, "Cal": True}


def test_the_public_page_is_in_welsh_and_unknown_activities_are_not_found(
    app: Flask, coordinator: FlaskClient, engine: Engine
) -> None:
    activity_id = open_activity(coordinator)
    outcome_id = draft(
        coordinator, engine, activity_id, status="not_changed", reason="The law says so."
    )
    coordinator.post(f"/join/manage/activities/{activity_id}/outcomes/{outcome_id}/publish")
    welsh = app.test_client().get(
        f"/join/activities/{activity_id}/outcomes", headers={"Accept-Language": "cy"}
    )
    page = welsh.get_data(as_text=True)
    assert "Dywedoch chi, gwnaethon ni" in page and "Wnaethon ni ddim newid hyn" in page
    assert "1 Rhagfyr 2026" in page and "The law says so." in page
    missing = app.test_client().get(
        "/join/activities/00000000-0000-4000-8000-00000000abcd/outcomes"
    )
    assert missing.status_code == 404


def test_updates_by_text_are_answered_and_updates_turns_them_back_on(
    app: Flask, coordinator: FlaskClient, engine: Engine
) -> None:
    open_activity(coordinator)
    people = signed_up(app, engine)
    for text, expected, outcome in [
        ("DIM DIWEDDARIADAU", True, "updates_off"),
        ("Updates", False, "updates_on"),
    ]:
        uow = uow_factory(engine)()
        with uow:
            receive_text(ReceiveText(people["Ann"], "+447911123450", text), uow)
            uow.commit()
        with engine.connect() as conn:
            off = conn.execute(
                select(participants.c.no_outcome_updates).where(participants.c.id == people["Ann"])
            ).scalar_one()
            query = select(outbox.c.payload).where(outbox.c.topic == "recruitment.sms-dialogue")
            replies = [json.loads(p) for p in conn.execute(query.order_by(outbox.c.id)).scalars()]
        assert off is expected
        assert replies[-1]["data"]["outcome"] == outcome
    assert replies[-2]["data"]["language"] == "cy"


def test_two_coordinators_publishing_at_once_tell_people_once(
    app: Flask, coordinator: FlaskClient, engine: Engine
) -> None:
    """Two clicks on Publish at the same moment: the second waits for the first's lock, then
    finds it published, so one OutcomePublished is staged."""
    activity_id = open_activity(coordinator)
    signed_up(app, engine)
    outcome_id = draft(coordinator, engine, activity_id)
    command = PublishOutcome(activity_id, outcome_id)
    uows = web_unit_of_work(engine, "")

    def publish() -> str:
        try:
            return str(outcomes_service.publish(command, uows()))
        except OutcomeRuleBroken as exc:
            return exc.message

    answers = all_at_once([publish, publish])
    assert sorted(answers) == ["3", "This is already published."]
    assert len(published_events(engine)) == 1
