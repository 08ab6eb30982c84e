"""Twilio's inbound SMS webhook against a real (SQLite) database: only Twilio's signature gets
in, each MessageSid counts once, STOP/START keep our own suppression list and tell the other
services, and any other text becomes an inbound-sms event for the SMS dialogues."""

from __future__ import annotations

import dataclasses
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select
from twilio.request_validator import RequestValidator

from services.notifications.adapters.orm import suppressions, webhook_rejections
from services.notifications.config import load_settings
from services.notifications.domain.model import Contact
from services.notifications.entrypoints.app import create_app
from shared.bus.tables import outbox
from shared.config import Secret
from shared.vocabulary.organisations import Organisation
from shared.web import current_bus
from tests.support import migrated_engine

PUBLIC = "https://chorus.example.nhs.uk"
PATH = "/api/notifications/twilio/sms"
TOKEN = "twilio-auth-token-for-tests"
KNOWN = "+447123456789"


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    return migrated_engine("notifications", tmp_path)


@pytest.fixture
def client(engine: Engine) -> FlaskClient:
    settings = dataclasses.replace(
        load_settings("notifications"), public_base_url=PUBLIC, twilio_auth_token=Secret(TOKEN)
    )
    app = create_app(settings, engine)
    with current_bus(app).uow_factory() as uow:
        uow.contacts.save(
            Contact("5b1e2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e", "Ann", KNOWN, None, "sms", "en")
        )
        uow.commit()
    return app.test_client()


def text(
    client: FlaskClient,
    body: str,
    sender: str = KNOWN,
    sid: str | None = None,
    signature: str | None = "sign",
    to: str = "+447700900000",
) -> Any:
    form = {
        "MessageSid": sid or "SM" + uuid.uuid4().hex,
        "From": sender,
        "To": to,
        "Body": body,
        "AccountSid": "AC" + "0" * 32,
        "NumSegments": "1",
    }
    headers = {}
    if signature == "sign":
        headers["X-Twilio-Signature"] = RequestValidator(TOKEN).compute_signature(
            PUBLIC + PATH, form
        )
    elif signature is not None:
        headers["X-Twilio-Signature"] = signature
    return client.post(PATH, data=form, headers=headers)


def events(engine: Engine) -> list[tuple[str, dict]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(outbox.c.event_type, outbox.c.key, outbox.c.payload).order_by(outbox.c.id)
        )
        return [(t, {"key": k, **json.loads(p)["data"]}) for t, k, p in rows]


def count(engine: Engine, table: Any) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


@pytest.mark.parametrize(
    ("signature", "reason"), [(None, "missing signature"), ("forged", "bad signature")]
)
def test_unsigned_or_forged_requests_get_403_are_recorded_and_change_nothing(
    client: FlaskClient, engine: Engine, signature: str | None, reason: str
) -> None:
    response = text(client, "STOP", signature=signature)
    assert response.status_code == 403
    with engine.connect() as conn:
        assert conn.execute(select(webhook_rejections.c.reason)).scalars().all() == [reason]
    assert events(engine) == [] and count(engine, suppressions) == 0


def test_an_unsigned_malformed_request_is_still_403_not_a_validation_error(
    client: FlaskClient, engine: Engine
) -> None:
    assert client.post(PATH, data={"nonsense": "x"}).status_code == 403


def test_a_signed_request_missing_fields_gets_422(client: FlaskClient) -> None:
    form = {"Body": "hi"}
    signature = RequestValidator(TOKEN).compute_signature(PUBLIC + PATH, form)
    response = client.post(PATH, data=form, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 422
    assert set(response.json["errors"]["form"]) == {"MessageSid", "From", "To"}


def test_a_reply_from_a_known_participant_becomes_an_event_without_their_number(
    client: FlaskClient, engine: Engine
) -> None:
    response = text(client, "  2  ")
    assert response.status_code == 200 and "<Message>" not in response.get_data(as_text=True)
    [(kind, data)] = events(engine)
    assert kind == "InboundSmsReceived"
    assert data["participant_id"] == data["key"] == "5b1e2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e"
    assert data["from_number"] is None and data["text"] == "2"
    assert data["organisation_id"] is None  # the deployment's own number


def leeds_icb(client: FlaskClient) -> str:
    """An organisation that texts from its own number, +447700900111; its id."""
    leeds = "00000000-0000-4000-8000-0000000000a1"
    with current_bus(client.application).uow_factory() as uow:
        uow.organisations.save(Organisation(
            leeds, "Leeds ICB", "LEEDSICB", None, "0113 000 0000", None, None, None,
            "+447700900111", None, None, None, 50000, datetime.now(UTC)))  # fmt: skip
        uow.commit()
    return leeds


def test_a_reply_to_an_organisations_number_says_whose_dialogue_it_is(
    client: FlaskClient, engine: Engine
) -> None:
    leeds = leeds_icb(client)
    text(client, "1", to="+447700900111")
    text(client, "JOIN AB12", sender="+447400123456", to="+447700900111")
    text(client, "2", to="+447700900222")  # nobody's number: the deployment's dialogue
    found = [(data["text"], data["organisation_id"]) for _, data in events(engine)]
    assert found == [("1", leeds), ("JOIN AB12", leeds), ("2", None)]


def test_an_unknown_number_is_forwarded_for_sign_up(client: FlaskClient, engine: Engine) -> None:
    text(client, "join  ab12", sender="+447400123456")
    [(kind, data)] = events(engine)
    assert (kind, data["participant_id"], data["from_number"]) == (
        "InboundSmsReceived",
        None,
        "+447400123456",
    )
    assert data["text"] == "join  ab12"


def test_a_replayed_message_is_handled_once(client: FlaskClient, engine: Engine) -> None:
    sid = "SM" + uuid.uuid4().hex
    assert text(client, "hello", sid=sid).status_code == 200
    assert text(client, "hello", sid=sid).status_code == 200
    assert [kind for kind, _ in events(engine)] == ["InboundSmsReceived"]


@pytest.mark.parametrize(
    "word",
    [
        "STOP",
        "stop",
        " Stop. ",
        "STOPALL",
        "UNSUBSCRIBE",
        "CANCEL",
        "END",
        "QUIT",
        "REVOKE",
        "OPTOUT",
    ],
)
def test_every_opt_out_word_suppresses_the_number_and_tells_the_other_services(
    client: FlaskClient, engine: Engine, word: str
) -> None:
    reply = text(client, word).get_data(as_text=True)
    assert "You will not get any more texts from Chorus" in reply
    assert count(engine, suppressions) == 1
    assert [(kind, data["participant_id"]) for kind, data in events(engine)] == [
        ("SmsOptedOut", "5b1e2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e")
    ]


def test_start_lifts_the_suppression_and_a_sentence_with_stop_is_not_a_keyword(
    client: FlaskClient, engine: Engine
) -> None:
    text(client, "STOP")
    assert "You will get texts from Chorus again" in text(client, "start").get_data(as_text=True)
    assert count(engine, suppressions) == 0
    text(client, "please stop calling me at work")
    assert [kind for kind, _ in events(engine)] == [
        "SmsOptedOut",
        "SmsOptedIn",
        "InboundSmsReceived",
    ]
    assert "Text STOP to stop texts" in text(client, "HELP").get_data(as_text=True)


STATUS_PATH = "/api/notifications/twilio/status"


def status(client: FlaskClient, sid: str, state: str, error: str | None = None) -> Any:
    form = {"MessageSid": sid, "MessageStatus": state, "AccountSid": "AC" + "0" * 32}
    if error:
        form["ErrorCode"] = error
    signature = RequestValidator(TOKEN).compute_signature(PUBLIC + STATUS_PATH, form)
    return client.post(STATUS_PATH, data=form, headers={"X-Twilio-Signature": signature})


def sent_sms(client: FlaskClient, sid: str) -> str:
    from services.notifications.domain.model import Message

    app_uow = current_bus(client.application).uow_factory
    with app_uow() as uow:
        message = Message(
            "5b1e2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
            "n-1",
            "welcome",
            "sms",
            KNOWN,
            "",
            "Hi",
            "",
            datetime.now(UTC),
        )
        message.start_sending()
        message.sent(sid, datetime.now(UTC))
        uow.messages.add(message)
        uow.commit()
        return message.id


def delivery_of(client: FlaskClient, message_id: str) -> str | None:
    with current_bus(client.application).uow_factory() as uow:
        return uow.messages.get(message_id).delivery_status


def test_status_callbacks_move_forward_only(client: FlaskClient, engine: Engine) -> None:
    sid = "SM" + uuid.uuid4().hex
    message_id = sent_sms(client, sid)
    assert status(client, sid, "sent").status_code == 204
    assert [kind for kind, _ in events(engine)].count("MessageDelivered") == 0  # only sent yet
    assert status(client, sid, "delivered").status_code == 204
    assert status(client, sid, "sent").status_code == 204  # late and out of order: ignored
    assert status(client, sid, "delivered").status_code == 204  # repeated: ignored
    assert delivery_of(client, message_id) == "delivered"
    assert status(client, "SM" + uuid.uuid4().hex, "delivered").status_code == 204  # not ours
    # The receipt is published once, for the history's "delivered" (never the words).
    [delivered] = [data for kind, data in events(engine) if kind == "MessageDelivered"]
    assert delivered["message_id"] == message_id and delivered["channel"] == "sms"
    assert "body" not in delivered and "to" not in delivered


def test_error_21610_means_the_number_opted_out(client: FlaskClient, engine: Engine) -> None:
    sid = "SM" + uuid.uuid4().hex
    sent_sms(client, sid)
    assert status(client, sid, "failed", error="21610").status_code == 204
    assert count(engine, suppressions) == 1
    published = {kind: data for kind, data in events(engine) if kind != "MessageSent"}
    assert sorted(published) == ["MessageDeliveryFailed", "SmsOptedOut"]
    failed = published["MessageDeliveryFailed"]
    assert (failed["reason"], failed["provider_code"]) == ("opted_out", "21610")


def test_status_callbacks_need_twilio_signature_too(client: FlaskClient, engine: Engine) -> None:
    form = {"MessageSid": "SM" + uuid.uuid4().hex, "MessageStatus": "delivered"}
    assert client.post(STATUS_PATH, data=form).status_code == 403
    assert (
        client.post(STATUS_PATH, data=form, headers={"X-Twilio-Signature": "x"}).status_code == 403
    )
    assert count(engine, webhook_rejections) == 2


def test_stop_and_start_to_an_organisations_number_are_kept_for_that_number_only(
    client: FlaskClient, engine: Engine
) -> None:
    leeds = leeds_icb(client)
    with current_bus(client.application).uow_factory() as uow:
        uow.contacts.save(Contact(str(uuid.uuid4()), "Siân", "+447400111222", None, "sms", "cy"))
        uow.commit()
    reply = text(client, "STOP", to="+447700900111").get_data(as_text=True)
    assert "You will not get any more texts from Leeds ICB. Text START" in reply
    text(client, "STOP")  # the deployment's own number
    welsh = text(client, "STOP", sender="+447400111222", to="+447700900111").get_data(as_text=True)
    assert "Fyddwch chi ddim yn cael mwy o negeseuon gan Leeds ICB. Anfonwch START" in welsh
    with engine.connect() as conn:
        kept = set(conn.execute(select(suppressions.c.phone, suppressions.c.sender)).all())
    assert kept == {(KNOWN, "+447700900111"), (KNOWN, ""), ("+447400111222", "+447700900111")}
    opted = [d["organisation_id"] for kind, d in events(engine) if kind == "SmsOptedOut"]
    assert opted == [leeds, None, leeds]

    text(client, "START", to="+447700900111")  # Leeds ICB's again; the deployment's stays
    with engine.connect() as conn:
        kept = set(conn.execute(select(suppressions.c.phone, suppressions.c.sender)).all())
    assert kept == {(KNOWN, ""), ("+447400111222", "+447700900111")}
