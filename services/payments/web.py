"""What payments' views take from the app they run in: its bus, and through the bus its unit
of work, settings and receipt store (create_app puts the bus there; nothing else is kept)."""

from __future__ import annotations

from typing import Any

from flask import current_app

from services.payments.config import PaymentsSettings
from services.payments.expenses.adapters.receipts import ReceiptStore
from shared.bus.messagebus import MessageBus

BUS = "payments.bus"


def bus() -> MessageBus:
    return current_app.extensions[BUS]


def unit_of_work() -> Any:
    """A fresh unit of work, for the read models (queries) pages show."""
    return bus().uow_factory()


def settings() -> PaymentsSettings:
    return bus().dependencies["settings"]


def receipts() -> ReceiptStore:
    return bus().dependencies["receipts"]
