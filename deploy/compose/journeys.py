"""What make compose-test's restart checks share: people signed up and booked in batches, and the
count of their messages that were lost or sent twice (deploy/compose/test_compose*.py)."""

from __future__ import annotations

import time
from collections.abc import Callable

import requests

Staff = tuple[requests.Session, str]
DUE = {("sms", "welcome"), ("email", "welcome")}  # and a booking confirmation, by either channel


class People:
    """Everyone a check signed up, and each session they were booked into with its head count."""

    def __init__(
        self,
        staff: Staff,
        new_phone: Callable[[], str],
        sign_up: Callable[[str], str],
        book: Callable[[Staff, list[str]], str],
    ) -> None:
        self.staff, self._new_phone, self._sign_up, self._book = staff, new_phone, sign_up, book
        self.phones: list[str] = []
        self.sessions: dict[str, int] = {}

    def sign_up_and_book(self, count: int) -> list[str]:
        batch = [self._new_phone() for _ in range(count)]
        pids = [self._sign_up(phone) for phone in batch]
        self.sessions[self._book(self.staff, pids)] = count
        self.phones.extend(batch)
        return batch


class Messages:
    """Each person's messages in the development outbox, read through the public address."""

    def __init__(self, outbox: Callable[[str], list[dict]], email_of: Callable[[str], str]) -> None:
        self._outbox, self._email_of = outbox, email_of

    def of(self, phone: str) -> list[tuple[str, str]]:
        found = self._outbox(phone) + self._outbox(self._email_of(phone))
        return [(m["channel"], m["template"]) for m in found]

    def missing(self, phone: str) -> set[tuple[str, str]]:
        got = set(self.of(phone))
        gaps = DUE - got
        if not any(template == "booking_confirmed" for _, template in got):
            gaps.add(("any", "booking_confirmed"))  # by the person's preferred channel
        return gaps

    def report(self, phones: list[str], when: str) -> tuple[int, int]:
        lost = sum(len(self.missing(phone)) for phone in phones)
        duplicated = sum(len(m) - len(set(m)) for m in map(self.of, phones))
        print(f"\nrestart check ({when}): {len(phones)} people, {len(phones) * 3} messages due,")
        print(f"  lost={lost} duplicated={duplicated}")
        return lost, duplicated

    def all_arrived(self, phones: list[str]) -> bool:
        return not any(map(self.missing, phones))


def bookings_counted_once(people: People, base: str) -> None:
    for session_id, count in people.sessions.items():
        details = people.staff[0].get(f"{base}/api/scheduling/sessions/{session_id}", timeout=10)
        assert details.json()["bookings_count"] == count, details.json()


def settle(seconds: float = 20) -> None:
    time.sleep(seconds)  # any late redelivery lands before the final count
