"""What payments' views take from the app they run in: its bus, and through the bus its unit
of work, settings and receipt store (create_app puts the bus there; nothing else is kept)."""

from __future__ import annotations

from services.payments.config import PaymentsSettings
from services.payments.expenses.adapters.receipts import ReceiptStore
from shared.web import current_bus as bus
from shared.web import unit_of_work

__all__ = ["bus", "receipts", "settings", "unit_of_work"]


def settings() -> PaymentsSettings:
    return bus().dependencies["settings"]


def receipts() -> ReceiptStore:
    return bus().dependencies["receipts"]
