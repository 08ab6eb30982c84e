"""One message bus per service: commands in, one handler each; events to any number of handlers.

A service's bootstrap builds its bus from two tables (COMMAND_HANDLERS, EVENT_HANDLERS) and its
adapters. Handlers are plain functions `handler(message, uow, **dependencies)`: the bus passes
the unit of work and, by parameter name, whatever else a handler asks for (clock, settings,
senders...), so nothing reaches for a global and tests hand in fakes.

The caller may pass the unit of work it already holds: the consumer runner does, so that the
inbox row and the effects of the event commit in one transaction. Otherwise the bus opens a
fresh one from the factory and the handler commits it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

Handler = Callable[..., Any]


class NoHandler(LookupError):
    """A command that no handler takes: a wiring mistake, never a user's."""


class MessageBus:
    def __init__(
        self,
        uow_factory: Callable[[], Any],
        command_handlers: Mapping[type, Handler],
        event_handlers: Mapping[type, Sequence[Handler]] | None = None,
        dependencies: Mapping[str, Any] | None = None,
    ) -> None:
        self.uow_factory = uow_factory
        self.dependencies: dict[str, Any] = dict(dependencies or {})
        self._commands = {kind: self._inject(h) for kind, h in command_handlers.items()}
        self._events = {
            kind: [self._inject(h) for h in handlers]
            for kind, handlers in (event_handlers or {}).items()
        }

    def _inject(self, handler: Handler) -> Handler:
        wanted = inspect.signature(handler).parameters
        missing = [
            name
            for name, p in list(wanted.items())[2:]
            if name not in self.dependencies and p.default is inspect.Parameter.empty
        ]
        if missing:
            raise TypeError(f"{handler.__qualname__} needs {missing}, which bootstrap lacks")
        given = {name: self.dependencies[name] for name in wanted if name in self.dependencies}
        return partial(handler, **given) if given else handler

    def handle(self, message: object, uow: Any | None = None) -> Any:
        """Run a command's handler (returning what it returns), or every handler of an event."""
        uow = uow if uow is not None else self.uow_factory()
        kind = type(message)
        if kind in self._commands:
            return self._commands[kind](message, uow)
        if kind in self._events:
            for handler in self._events[kind]:
                handler(message, uow)
            return None
        raise NoHandler(f"no handler for {kind.__name__}")

    def handles(self, kind: type) -> bool:
        return kind in self._commands or kind in self._events
