"""The one envelope every Chorus event travels in."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

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


_tolerant = EnvelopeSchema(unknown=EXCLUDE)


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
    try:
        loaded = _tolerant.load(obj)
        loaded["id"] = str(loaded["id"])
        return Envelope(**loaded)
    except ValidationError as exc:
        raise MalformedEnvelope(f"invalid envelope: {exc.messages}") from exc
