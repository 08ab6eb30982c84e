"""The dispatcher's loop: claim a little ahead of the sends on their way, never a whole batch
behind them, so that the pool (and the per-second rate) never waits for the database.

Each claim is committed before its sends start (dispatcher.py), so claiming ahead changes only
how soon a message is marked 'sending', never whether it can be sent twice. The loop also writes
the finished sends' outcomes, a few at a time (sending.py), and all of them before it returns.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from typing import TYPE_CHECKING

import structlog

from services.notifications.dispatch.service_layer.sending import Sending

if TYPE_CHECKING:
    from services.notifications.dispatch.service_layer.dispatcher import Dispatcher

log = structlog.get_logger("dispatch")

# While sends are on their way and nothing else is to be done: look again this often.
RECHECK_S = 0.02
# Nothing was owed at the last look: look again after this long (the query is not cheap), not
# on every turn of the loop.
RESOLVE_IDLE_S = 0.25
# Outcomes of finished sends are written at most this long after the last write: at 200 texts a
# second, about 20 in each transaction instead of one transaction a text.
RECORD_S = 0.1
# How long the sending thread runs before it lets its pipeline empty once (its figures logged).
SLICE_S = 30.0


def run_pipeline(
    dispatcher: Dispatcher,
    sending: Sending,
    seconds: float,
    chunk: int,
    stop: threading.Event | None = None,
) -> int:
    """Resolve, claim and send for up to `seconds`; returns how many went. Returns sooner when
    nothing is left to do, or the rate is used up and nothing is on its way; its sends are
    finished when it returns."""
    deadline, sent = time.monotonic() + seconds, 0
    on_their_way: list[Future[int]] = []
    next_resolve = next_record = 0.0
    try:
        while time.monotonic() < deadline and not (stop and stop.is_set()):
            sent += _finished(on_their_way)
            if time.monotonic() >= next_record:
                sending.record_finished()
                next_record = time.monotonic() + RECORD_S
            # Claims first, and resolving a chunk at a time: the sends on their way must last out
            # whatever the loop does before it claims again.
            claimed = dispatcher.claim_due(chunk) if len(on_their_way) < chunk else []
            on_their_way += sending.start(claimed)
            resolved = 0
            if time.monotonic() >= next_resolve:
                resolved = dispatcher.resolve_pending(chunk)
                next_resolve = 0.0 if resolved else time.monotonic() + RESOLVE_IDLE_S
            if resolved or claimed:
                continue
            if not on_their_way:
                break  # nothing to do, or the send rate is used up for this second
            wait(on_their_way, timeout=RECHECK_S, return_when=FIRST_COMPLETED)
        return sent + sum(future.result() for future in on_their_way)
    finally:  # even when the loop failed: what went must be written, as far as it can be
        wait(on_their_way)
        sending.record_finished()


def _finished(futures: list[Future[int]]) -> int:
    """Take the finished sends out of `futures`; returns how many of them went."""
    done = [future for future in futures if future.done()]
    for future in done:
        futures.remove(future)
    return sum(future.result() for future in done)


def keep_sending(
    run_for: Callable[[float, threading.Event], int], stop: threading.Event, idle_wait: float
) -> threading.Thread:
    def loop() -> None:
        while not stop.is_set():
            try:
                if run_for(SLICE_S, stop) == 0:
                    stop.wait(idle_wait)
            except Exception:  # the database away for a moment: try again, never give up
                log.exception("dispatch.send_loop_failed")
                stop.wait(1.0)

    thread = threading.Thread(target=loop, name="dispatch-send", daemon=True)
    thread.start()
    return thread
