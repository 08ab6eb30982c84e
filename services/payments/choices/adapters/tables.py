"""Payments' tables: how each participant chose to be paid."""

from __future__ import annotations

from sqlalchemy import Column, String, Table

from services.payments.adapters.metadata import metadata
from shared.db import UtcDateTime

# How each participant wants to be paid (bank, voucher or decline; 0005).
payment_choices = Table(
    "payment_choices",
    metadata,
    Column("participant_id", String(36), primary_key=True),
    Column("method", String(10), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)
