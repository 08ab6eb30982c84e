"""Organisations (migration 0016), projected from OrganisationChanged on recruitment's
compacted recruitment.organisation: their public details only."""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Table

from services.payments.adapters.metadata import metadata
from shared.db import UtcDateTime

organisations = Table(
    "organisations",
    metadata,
    Column("organisation_id", String(36), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("short_name", String(20), nullable=False),
    Column("welsh_name", String(100), nullable=True),
    Column("public_contact", String(200), nullable=False),
    Column("privacy_notice_url", String(500), nullable=True),
    Column("accessibility_contact", String(200), nullable=True),
    Column("logo_url", String(500), nullable=True),
    Column("sms_sender", String(40), nullable=True),
    Column("email_from_name", String(100), nullable=True),
    Column("email_from_address", String(254), nullable=True),
    Column("stripe_account", String(40), nullable=True),
    Column("finance_threshold_pence", Integer, nullable=False),
    Column("changed_at", UtcDateTime, nullable=False),
)
