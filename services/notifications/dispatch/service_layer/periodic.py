"""The consumer process's periodic work, handed to the dispatcher and the reconciler."""

from __future__ import annotations

from typing import Any

from services.notifications.dispatch import commands
from services.notifications.dispatch.service_layer.dispatcher import Dispatcher
from services.notifications.reconcile.service_layer import Reconciler


def start_dispatching(command: commands.StartDispatching, uow: Any, dispatcher: Dispatcher) -> None:
    dispatcher.start(command.stop, in_background=command.in_background)


def send_due(command: commands.SendDue, uow: Any, dispatcher: Dispatcher) -> int:
    return dispatcher.run_for(command.seconds)


def recover_interrupted(
    command: commands.RecoverInterrupted, uow: Any, dispatcher: Dispatcher
) -> int:
    return dispatcher.recover_interrupted()


def reconcile(command: commands.Reconcile, uow: Any, reconciler: Reconciler | None) -> int:
    """No reconciler without Twilio: the development outbox never times out."""
    return reconciler.tick() if reconciler is not None else 0
