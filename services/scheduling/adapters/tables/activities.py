"""Which organisation each activity belongs to, from recruitment's ActivityPublished (migration
0019): sessions and polls of an activity belong to its organisation."""

from __future__ import annotations

from sqlalchemy import Column, String, Table

from services.scheduling.adapters.tables import metadata

activity_organisations = Table(
    "activity_organisations",
    metadata,
    Column("activity_id", String(36), primary_key=True),
    Column("organisation_id", String(36), nullable=False),
)
