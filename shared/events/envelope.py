"""The one envelope every Chorus event travels in."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

# The longest each text field of an envelope may be (EnvelopeSchema says the same).
LENGTHS = {"type": 100, "producer": 50, "correlation_id": 100, "key": 200}


@dataclass(frozen=True)
class Envelope:
    type: str
    version: int
    producer: str
    key: str
    data: dict[str, Any]
    correlation_id: str
    causation_id: str | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    occurred_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __post_init__(self) -> None:
        # The schema's rules, checked once when an envelope is made: encode() then needs no
        # schema pass (a marshmallow validate cost more than the rest of encoding).
        problems = [
            name
            for name, limit in LENGTHS.items()
            if not isinstance(getattr(self, name), str)
            or not 1 <= len(getattr(self, name)) <= limit
        ]
        if type(self.version) is not int or self.version < 1:
            problems.append("version")
        try:
            uuid.UUID(self.id)
        except (TypeError, ValueError, AttributeError):
            problems.append("id")
        if not isinstance(self.data, dict):
            problems.append("data")
        if self.occurred_at.utcoffset() is None:
            problems.append("occurred_at")
        if problems:
            raise ValidationError({name: ["Not valid for an envelope."] for name in problems})


class EnvelopeSchema(Schema):
    id = fields.UUID(required=True)
    type = fields.String(required=True, validate=validate.Length(min=1, max=LENGTHS["type"]))
    version = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    occurred_at = fields.AwareDateTime(required=True, default_timezone=UTC)
    producer = fields.String(
        required=True, validate=validate.Length(min=1, max=LENGTHS["producer"])
    )
    correlation_id = fields.String(
        required=True, validate=validate.Length(min=1, max=LENGTHS["correlation_id"])
    )
    causation_id = fields.String(load_default=None, allow_none=True)
    key = fields.String(required=True, validate=validate.Length(min=1, max=LENGTHS["key"]))
    data = fields.Dict(required=True)


class MalformedEnvelope(ValueError):
    """The bytes are not a valid Chorus envelope."""


def encode(envelope: Envelope) -> bytes:
    """The envelope as JSON, as EnvelopeSchema would dump it (an Envelope checks itself when
    made, and its data was validated against its contract by registry.dump_data)."""
    payload = {
        "id": envelope.id,
        "type": envelope.type,
        "version": envelope.version,
        "occurred_at": envelope.occurred_at.isoformat(),
        "producer": envelope.producer,
        "correlation_id": envelope.correlation_id,
        "causation_id": envelope.causation_id,
        "key": envelope.key,
        "data": envelope.data,
    }
    return json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()


def decode(raw: bytes | None) -> Envelope:
    """Parse an envelope tolerantly: unknown top-level fields are ignored."""
    if raw is None:
        raise MalformedEnvelope("empty message (tombstone) where an envelope was expected")
    try:
        obj = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedEnvelope(f"not JSON: {exc}") from exc
    if not isinstance(obj, dict):
        raise MalformedEnvelope("envelope must be a JSON object")
    # What EnvelopeSchema(unknown=EXCLUDE).load would do, by hand: a consumer decodes every
    # record, and the schema pass cost it a quarter of its time. Envelope checks the rest.
    problems = {name: ["Missing data for required field."] for name in REQUIRED if name not in obj}
    if problems:
        raise MalformedEnvelope(f"invalid envelope: {problems}")
    try:
        return Envelope(
            type=obj["type"],
            version=obj["version"],
            producer=obj["producer"],
            key=obj["key"],
            data=obj["data"],
            correlation_id=obj["correlation_id"],
            causation_id=_causation(obj.get("causation_id")),
            id=_uuid(obj["id"]),
            occurred_at=_aware(obj["occurred_at"]),
        )
    except ValidationError as exc:
        raise MalformedEnvelope(f"invalid envelope: {exc.messages}") from exc


REQUIRED = tuple(name for name, field in EnvelopeSchema().fields.items() if field.required)


def _uuid(value: Any) -> str:
    try:
        return str(uuid.UUID(value))
    except (TypeError, ValueError, AttributeError):
        raise ValidationError({"id": ["Not a valid UUID."]}) from None


def _aware(value: Any) -> datetime:
    """An ISO 8601 time; one without an offset is taken as UTC (as the schema's default)."""
    try:
        when = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationError({"occurred_at": ["Not a valid datetime."]}) from None
    return when if when.utcoffset() is not None else when.replace(tzinfo=UTC)


def _causation(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise ValidationError({"causation_id": ["Not a valid string."]})
