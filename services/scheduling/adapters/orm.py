"""Scheduling tables.

Its own domain tables arrive with the scheduling issue; the outbox and inbox are here now.
"""

from __future__ import annotations

from sqlalchemy import MetaData

from shared.bus.tables import bus_metadata
from shared.staff_sessions import staff_sessions_metadata

metadata = MetaData()
target_metadata = [metadata, bus_metadata, staff_sessions_metadata]
