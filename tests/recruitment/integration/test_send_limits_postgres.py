"""The per-recipient limit holds across instances: two recruitment apps (as two gunicorn workers
or two containers would be) on one PostgreSQL database, asked for links to one phone at the
same moment, send exactly PER_RECIPIENT.most between them. The limit's rows name nobody."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import Engine, select

from services.recruitment.bootstrap import bootstrap
from services.recruitment.config import load_settings
from services.recruitment.entrypoints.app import create_app
from shared.bus.tables import outbox
from shared.db import make_engine
from shared.send_limits import PER_RECIPIENT, send_limits
from tests.recruitment.integration.test_magic_links import csrf
from tests.support import all_at_once, migrated_postgres

pytestmark = pytest.mark.postgres
PHONE, EMAIL = "+447123450555", "limits@example.com"


@pytest.fixture
def engine() -> Iterator[Engine]:
    with migrated_postgres("recruitment") as engine:
        yield engine


def instance(engine: Engine) -> Flask:
    """A separate app with its own engine (its own connection pool) on the same database."""
    app = create_app(bootstrap(settings=load_settings(), engine=make_engine(engine.url)))
    app.config["SECRET_KEY"] = "the-same-key-everywhere"
    return app


def ask(app: Flask) -> int:
    client = app.test_client()
    data = {"csrf_token": csrf(client, "/join/link"), "contact": "07123 450555"}
    return client.post("/join/link", data=data).status_code


def test_two_instances_at_once_send_at_most_the_limit_to_one_phone(engine: Engine) -> None:
    first, second = instance(engine), instance(engine)
    person = {"preferred_name": "Lim", "phone": PHONE, "email": EMAIL, "consent": True}
    signed_up = first.test_client().post(
        "/api/recruitment/participants",
        json={**person, "preferred_channel": "sms", "consent_version": "2026-11"},
    )
    assert signed_up.status_code == 201

    answers = all_at_once([lambda app=app: ask(app) for app in (first, second) * 6])

    assert answers == [200] * 12  # the same page whatever happened
    with engine.connect() as conn:
        events = conn.execute(select(outbox.c.event_type, outbox.c.payload)).all()
        rows = conn.execute(select(send_limits)).all()
    links = [json.loads(p)["data"] for t, p in events if t == "MagicLinkIssued"]
    assert len(links) == PER_RECIPIENT.most
    assert rows and all(len(row.key) == 64 for row in rows)
    assert not [row for row in rows if PHONE in str(row) or "450555" in str(row)]
