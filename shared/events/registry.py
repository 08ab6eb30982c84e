"""Registry of event data schemas keyed by (type, version).

Producers dump strictly (unknown fields raise); consumers load tolerantly (unknown fields are
dropped) so that additive changes within a version never break a consumer.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError


@dataclass(frozen=True)
class EventContract:
    type: str
    version: int
    topic: str
    schema: type[Schema]


_CONTRACTS: dict[tuple[str, int], EventContract] = {}


class UnknownEvent(LookupError):
    """No schema is registered for this (type, version)."""


def event(type_: str, version: int, topic: str) -> Callable[[type[Schema]], type[Schema]]:
    """Class decorator that registers a data schema for one event type and version."""

    def register(schema: type[Schema]) -> type[Schema]:
        key = (type_, version)
        if key in _CONTRACTS:
            raise ValueError(f"event {key} registered twice")
        _CONTRACTS[key] = EventContract(type_, version, topic, schema)
        return schema

    return register


def contract(type_: str, version: int) -> EventContract:
    try:
        return _CONTRACTS[(type_, version)]
    except KeyError:
        raise UnknownEvent(f"unknown event type {type_!r} version {version}") from None


def all_contracts() -> list[EventContract]:
    return sorted(_CONTRACTS.values(), key=lambda c: (c.type, c.version))


@functools.cache
def _schema(type_: str, version: int, unknown: str) -> Schema:
    # Building a marshmallow schema deep-copies its fields, which cost more than a load or a
    # dump: once per contract and strictness, not per event (a schema keeps no state between
    # calls).
    return contract(type_, version).schema(unknown=unknown)


def dump_data(type_: str, version: int, data: dict[str, Any]) -> dict[str, Any]:
    """Validate outgoing data strictly and return its JSON-ready form."""
    schema = _schema(type_, version, RAISE)
    unknown = sorted(set(data) - set(schema.fields))
    if unknown:
        raise ValidationError({name: ["Unknown field."] for name in unknown})
    dumped = schema.dump(data)
    errors = schema.validate(dumped)
    if errors:
        raise ValidationError(errors)
    return dumped


def load_data(type_: str, version: int, data: dict[str, Any]) -> dict[str, Any]:
    """Validate incoming data tolerantly; raises ValidationError or UnknownEvent."""
    return _schema(type_, version, EXCLUDE).load(data)
