"""What recruitment tells the other services about activities and staff, in its outbox and on
Kafka (real SQLite, migrations and broker): ActivityPublished on every save, open and close,
StaffProfileChanged for every new account, and both for what existed before (migration 0009)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from services.recruitment.activities.service_layer.activities import (
    DescribeActivity,
    create_activity,
)
from services.recruitment.adapters.orm import activities, staff
from services.recruitment.bootstrap import bootstrap as recruitment_bus
from services.recruitment.config import load_settings
from services.recruitment.entrypoints.app import create_app
from services.recruitment.staff.service_layer.staff import create_staff
from services.recruitment.web import bus
from shared.bus.kafka_clients import make_producer
from shared.bus.relay import OutboxRelay, outbox_backlog
from shared.bus.tables import outbox
from shared.db import make_engine
from shared.migrations import upgrade
from tests.recruitment.integration.test_recruitment_activities import ACTIVITY
from tests.support import migrated_engine, read_topic, running, staff_client, wait_until

MIGRATIONS = "services.recruitment.adapters:migrations"


def announced(engine: Engine, event_type: str) -> list[tuple[str, dict]]:
    query = select(outbox.c.key, outbox.c.payload).where(outbox.c.event_type == event_type)
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(outbox.c.id)).all()
    return [(key, json.loads(payload)["data"]) for key, payload in rows]


def test_an_activity_is_announced_when_created_saved_opened_and_closed(tmp_path: Path) -> None:
    engine = migrated_engine("recruitment", tmp_path)
    app = create_app(recruitment_bus(settings=load_settings(), engine=engine))
    app.config["WTF_CSRF_ENABLED"] = False  # CSRF has its own tests
    coordinator = staff_client(app, ["coordinator"])
    offer = {"rate_pence": 4000, "rate_unit": "hour", "expenses_covered": False}
    activity_id = coordinator.post(
        "/api/recruitment/activities", json={**ACTIVITY, "offer": offer}
    ).get_json()["id"]
    expenses_only = {"rate_pence": 0, "rate_unit": "session", "expenses_covered": True}
    saved = coordinator.put(
        f"/api/recruitment/activities/{activity_id}",
        json={**ACTIVITY, "title": "GP appointments", "offer": expenses_only},
    )
    assert saved.status_code == 200, saved.get_json()
    for status in ("open", "closed"):
        coordinator.post(
            f"/api/recruitment/activities/{activity_id}/status", json={"status": status}
        )

    events = announced(engine, "ActivityPublished")
    assert {key for key, _ in events} == {activity_id}
    assert [
        (e["title"], e["status"], e["rate_pence"], e["rate_unit"], e["expenses_covered"])
        for _, e in events
    ] == [
        (ACTIVITY["title"], "draft", 4000, "hour", False),
        ("GP appointments", "draft", 0, "session", True),
        ("GP appointments", "open", 0, "session", True),
        ("GP appointments", "closed", 0, "session", True),
    ]


def test_a_new_staff_account_is_announced_with_its_name_email_and_roles(tmp_path: Path) -> None:
    engine = migrated_engine("recruitment", tmp_path)
    app = create_app(recruitment_bus(settings=load_settings(), engine=engine))
    staff_id = create_staff(
        "Finn@NHS.example",
        "Finn Jones",
        "a long enough password",
        {"finance_approver", "coordinator"},
        None,
        bus(app).uow_factory(),
        bus(app).dependencies["passwords"],
    )
    [(key, profile)] = announced(engine, "StaffProfileChanged")
    assert key == staff_id
    assert {k: profile[k] for k in ("staff_id", "name", "email", "roles", "active")} == {
        "staff_id": staff_id,
        "name": "Finn Jones",
        "email": "finn@nhs.example",
        "roles": ["coordinator", "finance_approver"],
        "active": True,
    }


def test_activities_and_staff_from_before_the_events_are_announced_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'recruitment.db'}"
    upgrade(MIGRATIONS, url, "0008")
    engine = make_engine(url)
    now = datetime.now(UTC)
    activity_id, staff_id = str(uuid.uuid4()), str(uuid.uuid4())
    with engine.begin() as conn:
        conn.execute(
            insert(activities).values(
                id=activity_id,
                title="Old activity",
                purpose="Why",
                approach="survey",
                formats=["online"],
                audience={},
                status="open",
                created_at=now,
                offer={
                    "rate_pence": 2000,
                    "rate_unit": "day",
                    "expenses_covered": True,
                    "recognition": "",
                },
            )
        )
        conn.execute(
            insert(staff).values(
                id=staff_id,
                email="old@nhs.example",
                display_name="Olive Old",
                password_hash="x",
                roles="admin coordinator",
                failed_sign_ins=0,
                sessions_valid_after=now,
                created_at=now,
            )
        )
    upgrade(MIGRATIONS, url, "0009")
    upgrade(MIGRATIONS, url, "0009")  # nothing more: Alembic runs a revision once
    [(key, activity)] = announced(engine, "ActivityPublished")
    assert key == activity_id
    assert (
        activity["title"],
        activity["status"],
        activity["rate_pence"],
        activity["rate_unit"],
    ) == (
        "Old activity",
        "open",
        2000,
        "day",
    )
    [(key, profile)] = announced(engine, "StaffProfileChanged")
    assert key == staff_id
    assert (profile["name"], profile["roles"], profile["active"]) == (
        "Olive Old",
        ["admin", "coordinator"],
        True,
    )
    # 0012: every account once more, now that scheduling and payments keep the roles too;
    # 0015: an admin from before organisations runs the platform as well.
    upgrade(MIGRATIONS, url)
    again = announced(engine, "StaffProfileChanged")
    assert [(key, p["roles"], p["active"]) for key, p in again] == [
        (staff_id, ["admin", "coordinator"], True),
        (staff_id, ["admin", "coordinator"], True),
        (staff_id, ["admin", "coordinator", "platform_admin"], True),
        (staff_id, ["admin", "coordinator", "platform_admin"], True),  # 0016: with memberships
    ]


def test_the_relay_puts_both_on_their_compacted_topics_keyed_by_id(
    tmp_path: Path, bootstrap: str
) -> None:
    engine = migrated_engine("recruitment", tmp_path)
    app = create_app(recruitment_bus(settings=load_settings(), engine=engine))
    uows = bus(app).uow_factory
    describe = DescribeActivity("Kafka activity", "Why", "survey", ["online"], {}, {})
    activity_id = create_activity(describe, None, uows())  # type: ignore[arg-type]
    staff_id = create_staff(
        f"kafka-{uuid.uuid4().hex[:8]}@nhs.example",
        "Kit Kafka",
        "a long enough password",
        {"coordinator"},
        None,
        uows(),
        bus(app).dependencies["passwords"],
    )
    relay = OutboxRelay(engine, lambda: make_producer(bootstrap, "test-relay"), ack_timeout_s=5)
    with running(relay.run):
        wait_until(lambda: outbox_backlog(engine) == 0, timeout=30, what="the relay to publish")
    for topic, key, event_type in (
        ("recruitment.activity", activity_id, "ActivityPublished"),
        ("recruitment.staff-profile", staff_id, "StaffProfileChanged"),
    ):
        mine = [r for r in read_topic(bootstrap, topic) if r.key and r.key.decode() == key]
        assert [json.loads(r.value)["type"] for r in mine] == [event_type], topic
