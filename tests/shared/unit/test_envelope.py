"""The envelope every event travels in, and the registry of data schemas."""

from __future__ import annotations

import dataclasses
import json
import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from marshmallow import ValidationError

from shared.events import envelope as env
from shared.events.registry import UnknownEvent, contract, dump_data, load_data

PARTICIPANT_ID = "c3a9e1f0-7b24-4d6e-8f15-92d04b6a7e31"


def an_envelope(**overrides: Any) -> env.Envelope:
    values: dict[str, Any] = {
        "type": "ParticipantSignedUp",
        "version": 1,
        "producer": "recruitment",
        "key": PARTICIPANT_ID,
        "data": {"participant_id": PARTICIPANT_ID, "language": "cy"},
        "correlation_id": "0b8e4d52-91f3-4c6a-a7d0-2e5b9f13c847",
        "causation_id": "6f1c2b7e-3d4a-4e8b-9c21-5a7f0d3e8b14",
        "id": "a47d0c93-58e2-4b1f-b6c8-1e9f2a3d5c70",
        "occurred_at": datetime(2025, 3, 14, 10, 21, 7, 412093, tzinfo=UTC),
    }
    return env.Envelope(**{**values, **overrides})


def as_json(envelope: env.Envelope) -> dict[str, Any]:
    return json.loads(env.encode(envelope))


# -- encode / decode -------------------------------------------------------------------------


def test_round_trip_gives_back_an_equal_envelope() -> None:
    original = an_envelope()

    decoded = env.decode(env.encode(original))

    assert decoded == original
    assert decoded.occurred_at == datetime(2025, 3, 14, 10, 21, 7, 412093, tzinfo=UTC)
    assert decoded.data == {"participant_id": PARTICIPANT_ID, "language": "cy"}


def test_round_trip_without_causation() -> None:
    original = an_envelope(causation_id=None)
    assert env.decode(env.encode(original)).causation_id is None


def test_encode_writes_compact_sorted_json_with_utc_time() -> None:
    raw = env.encode(an_envelope())

    assert raw.startswith(b'{"causation_id":"6f1c2b7e-')
    assert b" " not in raw
    assert json.loads(raw)["occurred_at"] == "2025-03-14T10:21:07.412093+00:00"


def test_defaults_give_a_fresh_uuid_and_an_aware_time() -> None:
    first = env.Envelope("T", 1, "p", "k", {}, "c")
    second = env.Envelope("T", 1, "p", "k", {}, "c")

    assert first.id != second.id
    assert str(uuid.UUID(first.id)) == first.id
    assert first.occurred_at.utcoffset() == timedelta(0)


def test_decode_keeps_an_offset_time_as_the_same_instant() -> None:
    payload = as_json(an_envelope())
    payload["occurred_at"] = "2025-07-01T11:00:00+01:00"

    decoded = env.decode(json.dumps(payload).encode())

    assert decoded.occurred_at == datetime(2025, 7, 1, 10, 0, tzinfo=UTC)
    assert decoded.occurred_at.utcoffset() == timedelta(hours=1)
    assert decoded.occurred_at.tzinfo == timezone(timedelta(hours=1))


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"not json at all",
        b'{"id": ',
        b"\xff\xfe\x00garbage",
    ],
    ids=["empty", "text", "truncated", "not-utf8"],
)
def test_decode_rejects_what_is_not_json(raw: bytes) -> None:
    with pytest.raises(env.MalformedEnvelope, match="not JSON"):
        env.decode(raw)


def test_decode_rejects_a_tombstone() -> None:
    with pytest.raises(env.MalformedEnvelope, match="tombstone"):
        env.decode(None)


@pytest.mark.parametrize("raw", [b"[]", b"[1, 2]", b'"envelope"', b"42", b"null", b"true"])
def test_decode_rejects_json_that_is_not_an_object(raw: bytes) -> None:
    with pytest.raises(env.MalformedEnvelope, match="must be a JSON object"):
        env.decode(raw)


@pytest.mark.parametrize(
    "missing", ["id", "type", "version", "occurred_at", "producer", "correlation_id", "key", "data"]
)
def test_decode_rejects_a_missing_required_field(missing: str) -> None:
    payload = as_json(an_envelope())
    del payload[missing]

    with pytest.raises(env.MalformedEnvelope, match=f"'{missing}'"):
        env.decode(json.dumps(payload).encode())


def test_decode_allows_causation_to_be_absent() -> None:
    payload = as_json(an_envelope())
    del payload["causation_id"]

    assert env.decode(json.dumps(payload).encode()).causation_id is None


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("id", "not-a-uuid"),
        ("id", "a47d0c93-58e2-4b1f-b6c8"),
        ("id", 12345),
        ("version", "1"),
        ("version", 0),
        ("version", 1.5),
        ("occurred_at", "yesterday"),
        ("type", ""),
        ("producer", ""),
        ("key", ""),
        ("data", [1, 2]),
        ("data", "participant"),
    ],
)
def test_decode_rejects_an_invalid_value(name: str, value: object) -> None:
    payload = as_json(an_envelope())
    payload[name] = value

    with pytest.raises(env.MalformedEnvelope, match="invalid envelope") as excinfo:
        env.decode(json.dumps(payload).encode())
    assert f"'{name}'" in str(excinfo.value)


def test_decode_ignores_unknown_top_level_fields() -> None:
    payload = as_json(an_envelope())
    payload["trace_parent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    payload["schema_url"] = "https://example.org/schemas/ParticipantSignedUp/1"

    decoded = env.decode(json.dumps(payload).encode())

    assert decoded == an_envelope()


def test_decode_normalises_the_id_to_a_string() -> None:
    payload = as_json(an_envelope())
    payload["id"] = "A47D0C93-58E2-4B1F-B6C8-1E9F2A3D5C70"

    assert env.decode(json.dumps(payload).encode()).id == "a47d0c93-58e2-4b1f-b6c8-1e9f2a3d5c70"


def test_decode_reads_a_time_without_an_offset_as_utc() -> None:
    payload = as_json(an_envelope())
    payload["occurred_at"] = "2025-03-14T10:21:07"

    assert env.decode(json.dumps(payload).encode()).occurred_at == datetime(
        2025, 3, 14, 10, 21, 7, tzinfo=UTC
    )


@pytest.mark.parametrize("causation", [42, ["a"], {"id": "a"}])
def test_decode_rejects_a_causation_that_is_not_text(causation: object) -> None:
    payload = as_json(an_envelope())
    payload["causation_id"] = causation

    with pytest.raises(env.MalformedEnvelope, match="'causation_id'"):
        env.decode(json.dumps(payload).encode())


def test_decode_agrees_with_the_schema_on_a_valid_envelope() -> None:
    payload = as_json(an_envelope())
    payload["id"] = payload["id"].replace("-", "")  # the schema's UUID field takes the hex form

    by_schema = env.EnvelopeSchema().load(payload)

    decoded = env.decode(json.dumps(payload).encode())
    assert {**by_schema, "id": str(by_schema["id"])} == dataclasses.asdict(decoded)


@pytest.mark.parametrize(
    "overrides",
    [
        {"id": "not-a-uuid"},
        {"key": ""},
        {"key": "k" * 201},
        {"producer": "p" * 51},
        {"version": 0},
        {"version": True},
        {"correlation_id": None},
        {"data": ["not", "a", "dict"]},
        {"occurred_at": datetime(2025, 3, 14, 10, 21)},
    ],
)
def test_an_envelope_that_would_not_decode_cannot_be_made(overrides: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        an_envelope(**overrides)


def test_encode_writes_what_the_schema_would_dump() -> None:
    envelope = an_envelope()
    assert as_json(envelope) == env.EnvelopeSchema().dump(envelope)


# -- registry --------------------------------------------------------------------------------


def test_contract_is_found_by_type_and_version() -> None:
    found = contract("ContactDetailsChanged", 1)
    assert (found.type, found.version, found.topic) == (
        "ContactDetailsChanged",
        1,
        "recruitment.contact",
    )


@pytest.mark.parametrize(
    ("type_", "version"),
    [("ParticipantSignedUp", 99), ("ParticipantSignedOut", 1), ("participantsignedup", 1)],
)
def test_unknown_type_or_version_raises_unknown_event(type_: str, version: int) -> None:
    with pytest.raises(UnknownEvent, match=f"{type_!r} version {version}"):
        contract(type_, version)
    with pytest.raises(UnknownEvent):
        load_data(type_, version, {})
    with pytest.raises(UnknownEvent):
        dump_data(type_, version, {})


def signed_up(**overrides: Any) -> dict[str, Any]:
    return {
        "participant_id": PARTICIPANT_ID,
        "sign_up_channel": "qr_poster",
        "preferred_channel": "email",
        "language": "en",
        "signed_up_at": datetime(2025, 3, 14, 10, 21, 7, tzinfo=UTC),
        **overrides,
    }


def test_dump_data_returns_json_ready_data() -> None:
    assert dump_data("ParticipantSignedUp", 1, signed_up()) == {
        "participant_id": PARTICIPANT_ID,
        "sign_up_channel": "qr_poster",
        "preferred_channel": "email",
        "language": "en",
        "signed_up_at": "2025-03-14T10:21:07+00:00",
    }


def test_dump_data_rejects_unknown_fields() -> None:
    data = signed_up(preferred_name="Morwenna", phone="+447911123456")

    with pytest.raises(ValidationError) as excinfo:
        dump_data("ParticipantSignedUp", 1, data)

    assert excinfo.value.messages == {
        "phone": ["Unknown field."],
        "preferred_name": ["Unknown field."],
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("preferred_channel", "fax"),
        ("language", "fr"),
        ("sign_up_channel", "carrier_pigeon"),
        ("signed_up_at", datetime(2025, 3, 14, 10, 21, 7)),  # naive: not UTC-aware
    ],
)
def test_dump_data_rejects_invalid_values(field: str, value: object) -> None:
    with pytest.raises(ValidationError) as excinfo:
        dump_data("ParticipantSignedUp", 1, signed_up(**{field: value}))
    assert set(excinfo.value.messages) == {field}


def test_dump_data_rejects_a_missing_required_field() -> None:
    data = signed_up()
    del data["language"]

    with pytest.raises(ValidationError) as excinfo:
        dump_data("ParticipantSignedUp", 1, data)
    assert set(excinfo.value.messages) == {"language"}


@pytest.mark.parametrize("phone", ["07911123456", "+44 7911 123456", "447911123456"])
def test_dump_data_requires_e164_phone_numbers(phone: str) -> None:
    data = {
        "participant_id": PARTICIPANT_ID,
        "preferred_name": "Morwenna",
        "phone": phone,
        "email": None,
        "preferred_channel": "sms",
        "language": "en",
    }
    with pytest.raises(ValidationError) as excinfo:
        dump_data("ContactDetailsChanged", 1, data)
    assert set(excinfo.value.messages) == {"phone"}


def test_load_data_drops_unknown_fields_and_parses_values() -> None:
    raw = {
        **dump_data("ParticipantSignedUp", 1, signed_up()),
        "referrer": "community-centre-poster",
    }

    loaded = load_data("ParticipantSignedUp", 1, raw)

    assert "referrer" not in loaded
    assert loaded["participant_id"] == uuid.UUID(PARTICIPANT_ID)
    assert loaded["signed_up_at"] == datetime(2025, 3, 14, 10, 21, 7, tzinfo=UTC)


def test_load_data_still_validates_known_fields() -> None:
    raw = dump_data("ParticipantSignedUp", 1, signed_up())
    raw["preferred_channel"] = "carrier_pigeon"

    with pytest.raises(ValidationError) as excinfo:
        load_data("ParticipantSignedUp", 1, raw)
    assert set(excinfo.value.messages) == {"preferred_channel"}
