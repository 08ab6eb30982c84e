"""A fault-injecting HTTP proxy in front of Prism, for the Twilio error paths Prism cannot play.

Prism serves Twilio's OpenAPI spec, which defines no 429 and cannot time out. This proxy forwards
everything to Prism, except that the next N message creates can be made to fail:

    POST /__fault__        {"mode": "pass"|"429"|"timeout"|"lost"|"21610", "count": N, "delay": s}
    GET  /__fault__/log    the creates forwarded upstream: [{"to", "from" or
                           "messaging_service_sid", "body", "sid", "at"}],
                           "at" the moment each reached the proxy
    POST /__fault__/reset  clear the log and the mode

    429      a Twilio-shaped 429 (code 20429); nothing forwarded
    timeout  forwarded (the message went), but the reply is held `delay` seconds (default 5)
    lost     not forwarded (the message never went), the reply held `delay` seconds
    21610    a Twilio-shaped 400, "Attempt to send to unsubscribed recipient"; nothing forwarded

Run it alone:      python -m tests.twilio_fault_proxy --port 4011 --upstream http://127.0.0.1:4010
or from a test:    proxy = FaultProxy(upstream); proxy.start(); ... proxy.url ...; proxy.stop()
"""

from __future__ import annotations

import argparse
import json
import re
import threading
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests

MESSAGES = re.compile(r"^/2010-04-01/Accounts/[^/]+/Messages\.json$")
MODES = {"pass", "429", "timeout", "lost", "21610"}
# Not passed on either way: they describe one hop, or a body that requests has already decoded.
HOP_HEADERS = {
    "connection",
    "keep-alive",
    "transfer-encoding",
    "content-length",
    "content-encoding",
    "host",
    "accept-encoding",
}
ERRORS = {
    "429": (429, 20429, "Too Many Requests"),
    "21610": (400, 21610, "Attempt to send to unsubscribed recipient"),
}


class FaultState:
    """The current fault and what went upstream; shared by the handler threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.released = threading.Event()  # set on stop(), so held replies let go at once
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.mode, self.remaining, self.delay = "pass", 0, 5.0
            self.created: list[dict[str, Any]] = []  # Prism's create replies, as sent

    def arm(self, mode: str, count: int, delay: float) -> None:
        with self.lock:
            self.mode, self.remaining, self.delay = mode, count, delay

    def take(self) -> tuple[str, float]:
        """The fault for one message create; after `count` creates it is back to pass."""
        with self.lock:
            if self.remaining <= 0:
                return "pass", self.delay
            self.remaining -= 1
            mode = self.mode
            if self.remaining == 0:
                self.mode = "pass"
            return mode, self.delay

    def record(self, message: dict[str, Any]) -> None:
        with self.lock:
            self.created.append(message)

    def log(self) -> list[dict[str, Any]]:
        with self.lock:
            return [
                {
                    "to": m["to"],
                    "from": m["from"],
                    "body": m["body"],
                    "sid": m["sid"],
                    "at": m["_at"],
                    **(
                        {"messaging_service_sid": m["messaging_service_sid"]}
                        if "messaging_service_sid" in m
                        else {}
                    ),
                }
                for m in self.created
            ]

    def matching(self, query: dict[str, list[str]]) -> list[dict[str, Any]]:
        """Recorded creates passing Twilio's list filters (To, From, DateSent>), newest first."""
        after = _parse_date(query["DateSent>"][0]) if "DateSent>" in query else None
        with self.lock:
            found = [
                {k: v for k, v in m.items() if not k.startswith("_")}
                for m in self.created
                if m["to"] == query.get("To", [m["to"]])[0]
                and m["from"] == query.get("From", [m["from"]])[0]
                and (after is None or parsedate_to_datetime(m["date_sent"]) >= after)
            ]
        return found[::-1]


def _parse_date(text: str) -> datetime:
    """Twilio takes YYYY-MM-DD; the SDK sends an ISO 8601 date-time."""
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


_upstream = threading.local()


def _session() -> requests.Session:
    """One kept-alive connection to Prism per proxy thread, not a new one per request."""
    if not hasattr(_upstream, "session"):
        _upstream.session = requests.Session()
    return _upstream.session


class Handler(BaseHTTPRequestHandler):
    server: ProxyServer
    protocol_version = "HTTP/1.1"
    # Headers and body go out as separate small writes; with Nagle's algorithm on, each reply
    # waits ~40 ms for the client's delayed ACK, which capped the proxy at 20 requests a second.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: tests read the log through /__fault__/log instead

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = urlsplit(self.path).path
        try:
            if path.startswith("/__fault__"):
                self._control(path, body)
            elif MESSAGES.match(path) and self.command == "POST":
                self._create(body)
            elif MESSAGES.match(path) and self.command == "GET":
                self._list(body)
            else:
                self._reply(*self._forward(body))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting, which is what a held reply is for

    def _control(self, path: str, body: bytes) -> None:
        state = self.server.state
        if path == "/__fault__/log" and self.command == "GET":
            return self._json(200, state.log())
        if path == "/__fault__/reset" and self.command == "POST":
            state.reset()
            return self._json(200, {"mode": "pass"})
        if path == "/__fault__" and self.command == "POST":
            wanted = json.loads(body or b"{}")
            mode = str(wanted.get("mode", "pass"))
            if mode not in MODES:
                return self._json(400, {"error": f"mode must be one of {sorted(MODES)}"})
            state.arm(mode, int(wanted.get("count", 1)), float(wanted.get("delay", 5)))
            return self._json(200, {"mode": mode, "count": state.remaining})
        return self._json(404, {"error": "unknown fault endpoint"})

    def _create(self, body: bytes) -> None:
        state = self.server.state
        mode, delay = state.take()
        if mode in ERRORS:
            status, code, message = ERRORS[mode]
            return self._json(status, _twilio_error(status, code, message))
        if mode == "lost":
            state.released.wait(delay)
            return self._json(504, _twilio_error(504, 20504, "Gateway timeout"))
        arrived = datetime.now(UTC)  # when it reached "Twilio", before Prism's own time to answer
        status, headers, content = self._forward(body)
        if 200 <= status < 300:
            state.record(_as_sent(json.loads(content), parse_qs(body.decode()), arrived))
        if mode == "timeout":
            state.released.wait(delay)  # it went; the client stops waiting before it hears so
        self._reply(status, headers, content)

    def _list(self, body: bytes) -> None:
        # Prism can only answer with the spec's example messages, which would never match what
        # we sent. Keep its real reply (the page's shape) and put in the messages that did go
        # through us, so the SDK's list call meets what Twilio would have answered.
        status, headers, content = self._forward(body)
        if status != 200:
            return self._reply(status, headers, content)
        page = json.loads(content)
        query = parse_qs(urlsplit(self.path).query)
        messages = self.server.state.matching(query)
        page_size = int(query.get("PageSize", ["50"])[0])
        page.update(
            messages=messages[:page_size],
            page=0,
            page_size=page_size,
            start=0,
            end=max(len(messages[:page_size]) - 1, 0),
            next_page_uri=None,  # one page: otherwise the SDK follows Prism's static link
            previous_page_uri=None,
        )
        self._json(200, page)

    def _forward(self, body: bytes) -> tuple[int, dict[str, str], bytes]:
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_HEADERS}
        answer = _session().request(
            self.command,
            self.server.upstream + self.path,
            headers=headers,
            data=body,
            allow_redirects=False,
            timeout=30,
        )
        kept = {k: v for k, v in answer.headers.items() if k.lower() not in HOP_HEADERS}
        return answer.status_code, kept, answer.content

    def _json(self, status: int, payload: object) -> None:
        self._reply(status, {"Content-Type": "application/json"}, json.dumps(payload).encode())

    def _reply(self, status: int, headers: dict[str, str], content: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)


def _twilio_error(status: int, code: int, message: str) -> dict[str, object]:
    more_info = f"https://www.twilio.com/docs/errors/{code}"
    return {"code": code, "message": message, "more_info": more_info, "status": status}


def _as_sent(reply: dict[str, Any], form: dict[str, list[str]], now: datetime) -> dict[str, Any]:
    """Prism's create reply is the spec's example; make it say what was actually sent."""
    stamp = format_datetime(now, usegmt=True)
    sent = {"to": form.get("To", [""])[0], "body": form.get("Body", [""])[0]}
    if "From" in form:
        sent["from"] = form["From"][0]
    if "MessagingServiceSid" in form:
        sent["messaging_service_sid"] = form["MessagingServiceSid"][0]
    return {
        **reply,
        **sent,
        "date_created": stamp,
        "date_sent": stamp,
        "date_updated": stamp,
        "_at": now.isoformat(),
    }


class ProxyServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, upstream: str) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.upstream = upstream.rstrip("/")
        self.state = FaultState()


class FaultProxy:
    """The proxy in a thread of the calling process (port 0: any free port)."""

    def __init__(self, upstream: str, port: int = 0) -> None:
        self._server = ProxyServer(port, upstream)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def state(self) -> FaultState:
        return self._server.state

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.state.released.set()
        self._server.shutdown()
        self._server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=4011)
    parser.add_argument("--upstream", default="http://127.0.0.1:4010")
    args = parser.parse_args()
    server = ProxyServer(args.port, args.upstream)
    print(f"twilio fault proxy on http://127.0.0.1:{args.port} -> {args.upstream}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
