"""Recruitment's tables and their mapping onto the domain model."""

from __future__ import annotations

import functools

from sqlalchemy import Column, MetaData, String, Table, event
from sqlalchemy.orm import registry

from services.recruitment.domain.model import Participant
from shared.bus.tables import bus_metadata
from shared.db import UtcDateTime

metadata = MetaData()

participants = Table(
    "participants",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("preferred_name", String(100), nullable=False),
    Column("phone", String(20), nullable=True, unique=True),
    Column("email", String(254), nullable=True, unique=True),
    Column("preferred_channel", String(10), nullable=False),
    Column("language", String(5), nullable=False),
    Column("sign_up_channel", String(30), nullable=False),
    Column("consent_version", String(30), nullable=False),
    Column("consented_at", UtcDateTime, nullable=False),
    Column("signed_up_at", UtcDateTime, nullable=False),
)

# Alembic compares against both: this service's tables and the shared outbox/inbox.
target_metadata = [metadata, bus_metadata]

_mapper_registry = registry()


@functools.cache  # mapping a class twice is an error; tests and apps may all call this
def start_mappers() -> None:
    _mapper_registry.map_imperatively(Participant, participants)


@event.listens_for(Participant, "load")
def _give_loaded_participants_an_event_list(participant: Participant, _context: object) -> None:
    participant.events = []
