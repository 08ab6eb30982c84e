"""The one envelope every Chorus event travels in."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, validate


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


class EnvelopeSchema(Schema):
    id = fields.UUID(required=True)
    type = fields.String(required=True, validate=validate.Length(min=1, max=100))
    version = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    occurred_at = fields.AwareDateTime(required=True, default_timezone=UTC)
    producer = fields.String(required=True, validate=validate.Length(min=1, max=50))
    correlation_id = fields.String(required=True, validate=validate.Length(min=1, max=100))
    causation_id = fields.String(load_default=None, allow_none=True)
    key = fields.String(required=True, validate=validate.Length(min=1, max=200))
    data = fields.Dict(required=True)


_strict = EnvelopeSchema(unknown=RAISE)
_tolerant = EnvelopeSchema(unknown=EXCLUDE)


class MalformedEnvelope(ValueError):
    """The bytes are not a valid Chorus envelope."""


def encode(envelope: Envelope) -> bytes:
    payload = _strict.dump(envelope)
    errors = _strict.validate(payload)
    if errors:
        raise ValidationError(errors)
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
    except ValidationError as exc:
        raise MalformedEnvelope(f"invalid envelope: {exc.messages}") from exc
    loaded["id"] = str(loaded["id"])
    return Envelope(**loaded)
