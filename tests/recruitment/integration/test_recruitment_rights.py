"""A participant's rights on their own pages, on a real (SQLite) database: change details,
download everything, withdraw consent (all of it, or just for health details), and erasure,
after which no recruitment table holds anything that identifies them."""

from __future__ import annotations

import json

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from services.recruitment.adapters.orm import (
    consent_records,
    erased_participants,
    expressions_of_interest,
    metadata,
    participants,
)
from shared.bus.tables import bus_metadata, outbox
from tests.recruitment.integration.test_recruitment_activities import (
    PERSON,
    app,
    as_participant,
    coordinator,
    engine,
    open_activity,
)

__all__ = ["app", "coordinator", "engine"]  # fixtures used below


def signed_up(app: Flask, coordinator: FlaskClient, engine: Engine, **changes: str) -> FlaskClient:
    activity_id = open_activity(coordinator)
    data = {**PERSON, "email": "ann@example.com", "health_tags": "diabetes", **changes}
    answer = app.test_client().post(f"/join/activities/{activity_id}", data=data)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    with engine.connect() as conn:
        participant_id = conn.execute(select(participants.c.id)).scalar_one()
    return as_participant(app, participant_id)


def staged(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(outbox.c.event_type).order_by(outbox.c.id)).scalars())


def test_my_page_shows_my_details_and_i_can_change_them(
    app: Flask, coordinator: FlaskClient, engine: Engine
) -> None:
    me = signed_up(app, coordinator, engine, special_consent="yes")
    page = me.get("/join/me").get_data(as_text=True)
    assert "07911 123456" in page and "Step-free access" in page and "LS7 3EX" in page
    form = me.get("/join/me/details").get_data(as_text=True)
    assert 'value="07911 123456"' in form
    with engine.begin() as conn:  # a coordinator recorded interests; the page has no box
        conn.execute(participants.update().values(interests=["mental health"]))
    changed = me.post(
        "/join/me/details",
        data={
            "preferred_name": "Annie",
            "phone": "07911 123456",
            "email": "ann@example.com",
            "preferred_channel": "email",
            "postcode": "LS6 1AA",
            "support_needs": ["bsl"],
            "health_tags": "asthma",  # not on the page; ignored if sent
        },
    )
    assert changed.status_code == 302, changed.get_data(as_text=True)
    with engine.connect() as conn:
        person = conn.execute(select(participants)).one()
    assert (person.preferred_name, person.postcode, person.support_needs) == (
        "Annie",
        "LS6 1AA",
        ["bsl"],
    )
    assert person.health_tags == ["diabetes"]  # kept: only withdrawing consent removes them
    assert person.interests == ["mental health"]  # kept: not on the page
    last = staged(engine)[-1]
    assert last == "ContactDetailsChanged"
    bad = me.post("/join/me/details", data={"preferred_name": "Annie", "postcode": "L"})
    assert bad.status_code == 400
    assert "Enter a full UK postcode" in bad.get_data(as_text=True)


def test_i_can_download_everything_held_about_me(
    app: Flask, coordinator: FlaskClient, engine: Engine
) -> None:
    me = signed_up(app, coordinator, engine, special_consent="yes")
    answer = me.get("/join/me/data.json")
    assert "attachment" in answer.headers["Content-Disposition"]
    data = json.loads(answer.get_data(as_text=True))
    assert data["profile"]["preferred_name"] == "Ann"
    assert data["profile"]["health_tags"] == ["diabetes"]
    assert sorted(c["scope"] for c in data["consents"]) == ["special_category", "taking_part"]
    assert data["activities"][0]["activity_title"] == "Making GP appointments easier"
    assert app.test_client().get("/join/me/data.json").status_code == 302  # a link first


def test_withdrawing_health_consent_deletes_health_details_only(
    app: Flask, coordinator: FlaskClient, engine: Engine
) -> None:
    me = signed_up(app, coordinator, engine, special_consent="yes")
    me.post("/join/me/withdraw", data={"scope": "special_category"})
    with engine.connect() as conn:
        person = conn.execute(select(participants)).one()
        standing = conn.execute(
            select(consent_records.c.scope).where(consent_records.c.withdrawn_at.is_(None))
        ).scalars()
        assert list(standing) == ["taking_part"]
    assert (person.health_tags, person.withdrawn_at) == ([], None)
    assert staged(engine)[-1] == "ConsentWithdrawn"


def test_withdrawing_stops_taking_part_everywhere(
    app: Flask, coordinator: FlaskClient, engine: Engine
) -> None:
    me = signed_up(app, coordinator, engine, special_consent="yes")
    answer = me.post("/join/me/withdraw", data={"scope": "taking_part"})
    assert answer.headers["Location"] == "/join/me?withdrawn=taking_part"
    assert "You have stopped taking part" in me.get(answer.headers["Location"]).get_data(
        as_text=True
    )
    with engine.connect() as conn:
        person = conn.execute(select(participants)).one()
        assert conn.execute(select(expressions_of_interest.c.status)).scalar_one() == "withdrawn"
        withdrawn = conn.execute(select(consent_records.c.withdrawn_at)).scalars().all()
        payloads = conn.execute(
            select(outbox.c.payload).where(outbox.c.event_type == "ConsentWithdrawn")
        ).scalars()
        event = json.loads(next(iter(payloads)))["data"]
    assert person.withdrawn_at is not None and person.health_tags == []
    assert all(withdrawn)
    assert (event["scope"], event["channel"]) == ("taking_part", "web")


def test_erasure_leaves_nothing_that_identifies_me_and_tombstones_my_contact(
    app: Flask, coordinator: FlaskClient, engine: Engine
) -> None:
    me = signed_up(app, coordinator, engine, special_consent="yes", preferred_name="Zebedee")
    with engine.connect() as conn:
        participant_id = conn.execute(select(participants.c.id)).scalar_one()
    refused = me.post("/join/me/erase", data={})
    assert refused.status_code == 400
    assert "Tick the box to say you understand." in refused.get_data(as_text=True)
    done = me.post("/join/me/erase", data={"confirm": "yes"})
    assert "Your details are being deleted" in done.get_data(as_text=True)
    identifying = ("Zebedee", "+447911123456", "ann@example.com", "LS7 3EX")
    with engine.connect() as conn:
        for table in [*metadata.sorted_tables, *bus_metadata.sorted_tables]:
            if table.name in ("activities", "channels"):
                continue  # the activities themselves: nothing about any person
            for row in conn.execute(select(table)):
                text = json.dumps([str(v) for v in row])
                assert not any(value in text for value in identifying), (table.name, text)
                # The bare id stays in erased_participants, so a replay cannot bring them back.
                if table.name not in ("outbox", "erased_participants"):
                    assert participant_id not in text, table.name
        left = conn.execute(
            select(outbox.c.topic, outbox.c.event_type).where(outbox.c.key == participant_id)
        ).all()
    assert ("recruitment.contact", "tombstone") in left
    assert ("recruitment.participant", "ErasureRequested") in left
    assert all(topic != "recruitment.contact" or kind == "tombstone" for topic, kind in left)
    with engine.connect() as conn:
        kept = conn.execute(select(erased_participants.c.participant_id)).scalars().all()
    assert kept == [participant_id]
    assert me.get("/join/me").status_code == 302  # signed out
