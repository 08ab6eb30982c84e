"""The message bus: one handler per command, injected dependencies, the caller's unit of work."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from shared.bus.messagebus import MessageBus, NoHandler


@dataclass(frozen=True)
class Book:
    who: str


@dataclass(frozen=True)
class Booked:
    who: str


class FakeUnitOfWork:
    def __init__(self) -> None:
        self.done: list[str] = []


def book(command: Book, uow: FakeUnitOfWork, clock) -> str:  # type: ignore[no-untyped-def]
    uow.done.append(f"{command.who} at {clock()}")
    return "ok"


def note(event: Booked, uow: FakeUnitOfWork) -> None:
    uow.done.append(f"noted {event.who}")


def also(event: Booked, uow: FakeUnitOfWork, prefix: str = "also") -> None:
    uow.done.append(f"{prefix} {event.who}")


def bus(**dependencies: object) -> MessageBus:
    return MessageBus(
        FakeUnitOfWork,
        {Book: book},
        {Booked: [note, also]},
        dependencies={"clock": lambda: "09:00", **dependencies},
    )


def test_a_command_runs_its_handler_with_injected_dependencies_and_returns_its_result() -> None:
    uow = FakeUnitOfWork()
    assert bus().handle(Book("Amira"), uow) == "ok"
    assert uow.done == ["Amira at 09:00"]


def test_an_event_runs_every_handler_in_order_and_defaults_stay_unless_given() -> None:
    uow = FakeUnitOfWork()
    bus().handle(Booked("Amira"), uow)
    assert uow.done == ["noted Amira", "also Amira"]
    uow = FakeUnitOfWork()
    bus(prefix="then").handle(Booked("Amira"), uow)
    assert uow.done == ["noted Amira", "then Amira"]


def test_without_a_unit_of_work_the_bus_opens_one_from_the_factory() -> None:
    assert bus().handle(Book("Amira")) == "ok"


def test_a_message_nobody_handles_is_a_wiring_error() -> None:
    with pytest.raises(NoHandler, match="no handler for str"):
        bus().handle("BOOK")
    assert bus().handles(Book) and not bus().handles(str)


def test_a_handler_asking_for_what_bootstrap_lacks_fails_at_bootstrap_not_at_first_use() -> None:
    with pytest.raises(TypeError, match=r"book needs \['clock'\]"):
        MessageBus(FakeUnitOfWork, {Book: book})
