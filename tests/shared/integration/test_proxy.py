"""The one public address: the real nginx (deploy/local/proxy.sh) in front of four stand-in
upstreams, checking it routes every public prefix, passes requests on unchanged and serves the
NHS.UK frontend itself."""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests

from tests.support import ROOT, answers, wait_until

PROXY_PORT = 18000
PROXY_NAME = "proxy-test"
PROXY = f"http://127.0.0.1:{PROXY_PORT}"
SCRIPT = ROOT / "deploy" / "local" / "proxy.sh"
NHSUK_DIST = ROOT / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"
SERVICES = ("recruitment", "scheduling", "payments", "notifications")


@dataclass
class Upstream:
    """A tiny HTTP server standing in for one service: it answers every request with JSON
    describing what it received, and remembers the paths."""

    name: str
    server: ThreadingHTTPServer = field(init=False)
    seen: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # so nginx's upstream keepalive is exercised

            def answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                upstream.seen.append(self.path)
                payload = json.dumps(
                    {
                        "service": upstream.name,
                        "method": self.command,
                        "path": self.path,
                        "host": self.headers.get("Host"),
                        "forwarded_for": self.headers.get("X-Forwarded-For"),
                        "forwarded_proto": self.headers.get("X-Forwarded-Proto"),
                        "forwarded_host": self.headers.get("X-Forwarded-Host"),
                        "request_id": self.headers.get("X-Request-ID"),
                        "correlation_id": self.headers.get("X-Correlation-ID"),
                        "content_type": self.headers.get("Content-Type"),
                        "headers": dict(self.headers.items()),
                        "body_length": len(body),
                        "body": body.decode("latin-1") if length < 10_000 else None,
                    }
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.send_header("X-Upstream", upstream.name)
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = answer

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def proxy_sh(action: str, env: dict[str, str]) -> None:
    done = subprocess.run(
        [str(SCRIPT), action], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"proxy.sh {action} failed:\n{done.stdout}\n{done.stderr}"


@pytest.fixture(scope="module")
def upstreams() -> Iterator[dict[str, Upstream]]:
    servers = {name: Upstream(name) for name in SERVICES}
    env = {
        **os.environ,
        "PROXY_PORT": str(PROXY_PORT),
        "PROXY_NAME": PROXY_NAME,
        **{f"{name.upper()}_UPSTREAM": s.address for name, s in servers.items()},
    }
    try:
        proxy_sh("start", env)
        wait_until(lambda: answers(f"{PROXY}/proxy/health"), timeout=10, what="the proxy")
        yield servers
    finally:
        proxy_sh("stop", env)
        for server in servers.values():
            server.close()


def routed(response: requests.Response) -> dict[str, Any]:
    assert response.status_code == 200, (response.status_code, response.text[:300])
    return response.json()


def raw_get(path: str) -> tuple[int, bytes]:
    """GET exactly this path (requests would normalise dot segments before sending)."""
    conn = http.client.HTTPConnection("127.0.0.1", PROXY_PORT, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("path", "service"),
    [
        ("/", "recruitment"),
        ("/join", "recruitment"),
        ("/join/about-you?step=2&lang=cy", "recruitment"),
        ("/staff", "recruitment"),
        ("/staff/sign-in?next=%2Fstaff%2Fclaims", "recruitment"),
        ("/api/recruitment/participants?page=2", "recruitment"),
        ("/book", "scheduling"),
        ("/book/sessions/42?slot=3", "scheduling"),
        ("/api/scheduling/sessions", "scheduling"),
        ("/pay", "payments"),
        ("/pay/claims/7", "payments"),
        ("/api/payments/claims?status=approved", "payments"),
        ("/messages", "notifications"),
        ("/messages/outbox", "notifications"),
        ("/api/notifications/outbox?to=%2B447123456789", "notifications"),
        ("/api/notifications/twilio/status", "notifications"),
        # Unknown paths go to recruitment (it owns / and answers the rest with its 404 page),
        # including ones that merely start with another service's prefix.
        ("/nope", "recruitment"),
        ("/bookings", "recruitment"),
        ("/payments/x", "recruitment"),
        ("/api/schedulingx/1", "recruitment"),
        ("/api/unknown/1?a=b", "recruitment"),
        # Dots are fine in a query string and in names; only dot segments in the path are refused.
        ("/staff/sign-in?next=/staff/../claims", "recruitment"),
        ("/.well-known/security.txt", "recruitment"),
    ],
)
def test_prefix_routes_to_its_service_with_the_full_path(
    upstreams: dict[str, Upstream], path: str, service: str
) -> None:
    seen = routed(requests.get(PROXY + path, timeout=10))
    assert (seen["service"], seen["method"], seen["path"]) == (service, "GET", path)


def test_twilio_webhook_post_arrives_unchanged_with_the_public_url_headers(
    upstreams: dict[str, Upstream],
) -> None:
    body = "From=%2B447123456789&To=%2B447700900000&Body=YES+please&MessageSid=SM123"
    response = requests.post(
        f"{PROXY}/api/notifications/twilio/sms?source=twilio",
        data=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": "abc123=",
        },
        timeout=10,
    )
    seen = routed(response)
    assert seen["service"] == "notifications"
    assert seen["method"] == "POST"
    assert seen["path"] == "/api/notifications/twilio/sms?source=twilio"
    assert seen["body"] == body
    assert seen["content_type"] == "application/x-www-form-urlencoded"
    assert seen["headers"]["X-Twilio-Signature"] == "abc123="
    # What a signature check needs to rebuild http://127.0.0.1:18000/api/notifications/...
    assert seen["host"] == f"127.0.0.1:{PROXY_PORT}"
    assert seen["forwarded_host"] == f"127.0.0.1:{PROXY_PORT}"
    assert seen["forwarded_proto"] == "http"
    assert seen["forwarded_for"] == "127.0.0.1"
    assert response.headers["X-Upstream"] == "notifications"


def test_stripe_webhook_post_arrives_unchanged(upstreams: dict[str, Upstream]) -> None:
    body = json.dumps({"id": "evt_1", "type": "payout.paid"})
    seen = routed(
        requests.post(
            f"{PROXY}/api/payments/stripe/webhook",
            data=body,
            headers={"Content-Type": "application/json", "Stripe-Signature": "t=1,v1=abc"},
            timeout=10,
        )
    )
    assert (seen["service"], seen["body"]) == ("payments", body)
    assert seen["headers"]["Stripe-Signature"] == "t=1,v1=abc"


def test_forwarded_for_keeps_the_chain_and_ends_with_the_real_client(
    upstreams: dict[str, Upstream],
) -> None:
    seen = routed(
        requests.get(f"{PROXY}/book", headers={"X-Forwarded-For": "203.0.113.9"}, timeout=10)
    )
    assert seen["forwarded_for"] == "203.0.113.9, 127.0.0.1"


def test_forwarded_proto_comes_from_the_proxy_not_the_client(
    upstreams: dict[str, Upstream],
) -> None:
    seen = routed(requests.get(f"{PROXY}/book", headers={"X-Forwarded-Proto": "https"}, timeout=10))
    assert seen["forwarded_proto"] == "http"


def test_correlation_id_is_made_when_absent_and_passed_through_when_given(
    upstreams: dict[str, Upstream],
) -> None:
    made = routed(requests.get(f"{PROXY}/pay", timeout=10))
    assert re.fullmatch(r"[0-9a-f]{32}", made["correlation_id"])
    assert made["request_id"] == made["correlation_id"]

    given = routed(
        requests.get(f"{PROXY}/pay", headers={"X-Correlation-ID": "abc-123"}, timeout=10)
    )
    assert given["correlation_id"] == "abc-123"

    from_request_id = routed(
        requests.get(f"{PROXY}/pay", headers={"X-Request-ID": "req-9"}, timeout=10)
    )
    assert (from_request_id["request_id"], from_request_id["correlation_id"]) == (
        "req-9",
        "req-9",
    )


def test_uploads_up_to_12_megabytes_pass_and_larger_are_refused(
    upstreams: dict[str, Upstream],
) -> None:
    url = f"{PROXY}/api/payments/receipts"
    headers = {"Content-Type": "application/octet-stream"}
    eleven = routed(requests.post(url, data=b"r" * (11 * 1024 * 1024), headers=headers))
    assert eleven["body_length"] == 11 * 1024 * 1024
    too_big = requests.post(url, data=b"r" * (13 * 1024 * 1024), headers=headers, timeout=30)
    assert too_big.status_code == 413


def test_proxy_adds_no_security_headers_of_its_own(upstreams: dict[str, Upstream]) -> None:
    response = requests.get(f"{PROXY}/join", timeout=10)
    assert response.status_code == 200
    # The apps set these on every response; the stand-in upstream sets none, so none may appear.
    for header in (
        "Strict-Transport-Security",
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
    ):
        assert header not in response.headers
    assert response.headers["Server"] == "nginx"  # server_tokens off: no version


def test_proxy_health(upstreams: dict[str, Upstream]) -> None:
    response = requests.get(f"{PROXY}/proxy/health", timeout=10)
    assert response.status_code == 200
    assert response.text.strip() == "ok"


@pytest.mark.parametrize("path", ["/health/live", "/health/ready", "/openapi.json"])
def test_per_service_health_and_openapi_are_not_routed(
    upstreams: dict[str, Upstream], path: str
) -> None:
    before = {name: list(u.seen) for name, u in upstreams.items()}
    assert requests.get(PROXY + path, timeout=10).status_code == 404
    assert {name: list(u.seen) for name, u in upstreams.items()} == before


def test_nhsuk_frontend_css_and_js_are_served_with_long_cache_headers(
    upstreams: dict[str, Upstream],
) -> None:
    css = next(
        p for p in sorted(NHSUK_DIST.glob("nhsuk-frontend-*.min.css")) if "dynamic" not in p.name
    )
    response = requests.get(f"{PROXY}/assets/nhsuk/{css.name}", timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/css")
    assert response.content == css.read_bytes()
    # A versioned file name never changes content: cached for good.
    assert int(re.search(r"max-age=(\d+)", response.headers["Cache-Control"])[1]) >= 31536000

    js = next(NHSUK_DIST.glob("nhsuk-frontend-*.min.js"))
    response = requests.get(f"{PROXY}/assets/nhsuk/{js.name}", timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/javascript")

    # The unversioned name (what the page layout links today) is cached for days.
    response = requests.get(f"{PROXY}/assets/nhsuk/nhsuk-frontend.min.css", timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/css")
    assert int(re.search(r"max-age=(\d+)", response.headers["Cache-Control"])[1]) >= 86400


def test_nhsuk_images_are_served_where_the_page_and_the_css_look_for_them(
    upstreams: dict[str, Upstream],
) -> None:
    favicon = requests.get(f"{PROXY}/assets/nhsuk/assets/images/favicon.ico", timeout=10)
    assert favicon.status_code == 200
    assert favicon.content == (NHSUK_DIST / "assets/images/favicon.ico").read_bytes()
    # The compiled CSS refers to url(/assets/images/nhsuk-icon-....svg).
    css = next(NHSUK_DIST.glob("nhsuk-frontend-*.min.css")).read_text()
    for icon in sorted(set(re.findall(r"url\((/assets/images/[^)]+)\)", css))):
        response = requests.get(PROXY + icon, timeout=10)
        assert response.status_code == 200, icon
        assert response.headers["Content-Type"] == "image/svg+xml"
        assert "Cache-Control" in response.headers


def test_chorus_starter_script_is_served_as_javascript(upstreams: dict[str, Upstream]) -> None:
    script = requests.get(f"{PROXY}/assets/chorus/chorus.js", timeout=10)
    assert script.status_code == 200
    assert script.headers["Content-Type"].startswith("application/javascript")
    assert script.content == (ROOT / "shared/pages/static/chorus.js").read_bytes()


@pytest.mark.parametrize("path", ["/assets/axe/axe.min.js", "/assets/", "/assets/other.css"])
def test_nothing_else_exists_under_assets(upstreams: dict[str, Upstream], path: str) -> None:
    before = {name: list(u.seen) for name, u in upstreams.items()}
    assert requests.get(PROXY + path, timeout=10).status_code == 404
    assert {name: list(u.seen) for name, u in upstreams.items()} == before


@pytest.mark.parametrize(
    "path",
    [
        "/assets/nhsuk/../../../../../../etc/passwd",
        "/assets/nhsuk/../../package.json",
        "/assets/nhsuk/..%2f..%2fpackage.json",
        "/assets/nhsuk/%2e%2e/%2e%2e/package.json",
        "/assets/nhsuk../package.json",
        "/assets/nhsuk/..%5c..%5cpackage.json",
        "/assets/images/../../../package.json",
        "/assets/nhsuk/./../../package.json",
        "/assets/nhsuk/%2E%2E/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
    ],
)
def test_path_traversal_under_assets_is_refused(upstreams: dict[str, Upstream], path: str) -> None:
    before = {name: list(u.seen) for name, u in upstreams.items()}
    status, body = raw_get(path)
    assert status in (400, 403, 404), (status, body[:200])
    assert b"root:" not in body and b'"name"' not in body
    # Nor passed on to a service after nginx normalised it out of /assets/.
    assert {name: list(u.seen) for name, u in upstreams.items()} == before


def test_proxy_sh_status_names_the_instance(upstreams: dict[str, Upstream]) -> None:
    done = subprocess.run(
        [str(SCRIPT), "status"],
        env={**os.environ, "PROXY_NAME": PROXY_NAME},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.stdout.strip() == f"{PROXY_NAME} running"


def post_from(client: str, path: str) -> tuple[int, dict[str, str], bytes]:
    """POST from a loopback address of our choosing (127.0.0.1 itself is not limited)."""
    conn = http.client.HTTPConnection(
        "127.0.0.1", PROXY_PORT, timeout=10, source_address=(client, 0)
    )
    try:
        conn.request("POST", path, body="contact=07123456789",
                     headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def test_posts_that_send_messages_are_limited_per_address_after_a_burst(
    upstreams: dict[str, Upstream],
) -> None:
    answers = [post_from("127.0.0.2", "/join/link")[0] for _ in range(14)]
    # One, plus a burst of 10, at 10 a minute (a second one may leak in meanwhile); then 429.
    assert answers.count(200) in (11, 12) and answers[-2:] == [429, 429], answers
    status, headers, body = post_from("127.0.0.2", "/join/link/me/token/new")
    assert (status, headers["Retry-After"]) == (429, "60")
    assert headers["Content-Type"].startswith("text/html")
    page = body.decode()
    assert "You have tried this too many times" in page
    assert "Rydych chi wedi rhoi cynnig ar hyn ormod o weithiau" in page
    for path in ("/staff/sign-in", "/join/abc123"):
        assert post_from("127.0.0.2", path)[0] == 429, path
    status, headers, body = post_from("127.0.0.2", "/api/recruitment/participants")
    assert status == 429 and json.loads(body)["code"] == 429 and headers["Retry-After"] == "60"
    # Someone else, reading pages, or the host itself: not held up.
    assert post_from("127.0.0.3", "/join/link")[0] == 200
    assert raw_get("/join/link")[0] == 200
    assert {post_from("127.0.0.1", "/join/link")[0] for _ in range(15)} == {200}
    # Paths that send nothing are not limited.
    assert post_from("127.0.0.2", "/api/payments/receipts")[0] == 200
