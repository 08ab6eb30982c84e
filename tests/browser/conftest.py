"""Real-browser tests: Debian's Chromium, driven by Playwright, through a private nginx proxy in
front of real gunicorn processes, so pages get their CSS and JavaScript from /assets as in
production.

Every page a test lands on is checked (`Tab.visit` and `Tab.submit` do it):
- axe-core finds no WCAG 2.0, 2.1 or 2.2 A or AA violation;
- the page loaded no broken asset, threw no JavaScript error and broke no CSP rule;
- the same document, loaded in a second context 320 CSS px wide, does not scroll sideways
  (WCAG 1.4.10 reflow), and passes the same checks there;
- a full-page screenshot at both widths is kept in var/test-output/screenshots/<test>/.
A test that lands on a page it never checks fails at teardown.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    Request,
    Response,
    sync_playwright,
)

from tests.stripe_recording_proxy import STRIPE_MOCK
from tests.support import (
    ROOT,
    TWILIO_MOCK,
    answers,
    start_at_the_end,
    wait_for_consumers,
    wait_until,
)

PROXY_SH = ROOT / "deploy" / "local" / "proxy.sh"
PROXY_PORT = 18080
PROXY_NAME = "proxy-browser"
# Payments is not started: the private proxy sends it to a closed port (a 502) rather than to
# whatever `make run` has on 8003.
NOWHERE = "127.0.0.1:1"

SCREENSHOTS = ROOT / "var" / "test-output" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # pinned in package.json
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

CHROMIUM = "/usr/bin/chromium"  # Debian's; `playwright install` downloads are blocked here
# Without the background-networking flags Chromium floods this closed network with requests.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDE = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}

# NHS.UK frontend's CSS asks for the Frutiger webfont from https://assets.nhs.uk/fonts/; our CSP
# (font-src 'self') blocks it and the text falls back to Arial. Known and reported; any other
# blocked request, console error or CSP report fails the page.
KNOWN_BLOCKED = ("https://assets.nhs.uk/fonts/",)

_screenshots_taken: list[Path] = []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


class Processes:
    """Real Chorus processes, each logging to its own file, stopped together."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs = env, logs
        self.running: list[subprocess.Popen[bytes]] = []

    def start(self, name: str, *command: str) -> None:
        log = open(self.logs / f"{name}.log", "w")  # noqa: SIM115 - closed when the process ends
        self.running.append(
            subprocess.Popen(command, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        )

    def stop(self) -> None:
        for process in self.running:
            process.terminate()
        for process in self.running:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@dataclass
class BrowserStack:
    base_url: str  # the private proxy: the public address the browser uses
    urls: dict[str, str]  # each web process's own address
    env: dict[str, str]  # what the processes run with (database URLs, SECRET_KEY, ...)
    logs: Path


@contextmanager
def private_proxy(upstreams: dict[str, str]) -> Iterator[str]:
    """Our own nginx on PROXY_PORT beside any `make run` one; stopped however the tests end."""
    env = {
        **os.environ,
        "PROXY_PORT": str(PROXY_PORT),
        "PROXY_NAME": PROXY_NAME,
        "RECRUITMENT_UPSTREAM": upstreams["recruitment"],
        "NOTIFICATIONS_UPSTREAM": upstreams["notifications"],
        "SCHEDULING_UPSTREAM": upstreams.get("scheduling", NOWHERE),
        "PAYMENTS_UPSTREAM": NOWHERE,
    }
    try:
        started = subprocess.run(
            [str(PROXY_SH), "start"], env=env, cwd=ROOT, capture_output=True, text=True
        )
        if started.returncode:
            pytest.fail(f"deploy/local/proxy.sh start failed:\n{started.stderr}")
        yield f"http://127.0.0.1:{PROXY_PORT}"
    finally:
        subprocess.run([str(PROXY_SH), "stop"], env=env, cwd=ROOT, capture_output=True)


@pytest.fixture(scope="session")
def browser_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserStack]:
    """Recruitment, notifications and scheduling web processes (gunicorn) behind a private proxy."""
    work = tmp_path_factory.mktemp("browser-stack")
    ports = {"recruitment": free_port(), "notifications": free_port(), "scheduling": free_port()}
    base_url = f"http://127.0.0.1:{PROXY_PORT}"
    env = {
        **os.environ,
        "CHORUS_ENV": "development",
        "PUBLIC_BASE_URL": base_url,  # so the magic links sent point at the private proxy
        "RECRUITMENT_DATABASE_URL": f"sqlite:///{work / 'recruitment.db'}",
        "NOTIFICATIONS_DATABASE_URL": f"sqlite:///{work / 'notifications.db'}",
        "SCHEDULING_DATABASE_URL": f"sqlite:///{work / 'scheduling.db'}",
        "TWILIO_ACCOUNT_SID": "AC00000000000000000000000000000000",
        "TWILIO_AUTH_TOKEN": "browser-test-token",
        "TWILIO_FROM_NUMBER": "+447700900000",
        "TWILIO_API_BASE": TWILIO_MOCK,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": "1025",
        "SECRET_KEY": "browser-test-only",  # the same in both: notifications signs the links
        "SMS_QUIET_HOURS": "off",  # the suite must pass at any hour
        "SCHEDULING_FEEDBACK_HOURS": "any",  # and so must asking how a session went
        # Our own consumer groups, so a `make run` on the same broker cannot take our events.
        "KAFKA_CONSUMER_GROUP_PREFIX": f"browser-{uuid.uuid4().hex[:8]}-",
    }
    subprocess.run(
        [sys.executable, "-m", "services.cli", "migrate", *ports], env=env, cwd=ROOT, check=True
    )
    processes = Processes(env, work)
    try:
        for service, port in ports.items():
            processes.start(
                f"{service}-web",
                sys.executable,
                "-m",
                "gunicorn",
                "--no-control-socket",
                "--logger-class=shared.access_log.RedactingLogger",
                "--bind",
                f"127.0.0.1:{port}",
                f"services.{service}.entrypoints.app:create_app()",
            )
        urls = {service: f"http://127.0.0.1:{port}" for service, port in ports.items()}
        for service, url in urls.items():
            try:
                wait_until(lambda url=url: answers(f"{url}/health/live"), timeout=60, what=url)
            except AssertionError as exc:
                raise AssertionError(f"{exc}\n{_tail(work / f'{service}-web.log')}") from None
        upstreams = {service: f"127.0.0.1:{port}" for service, port in ports.items()}
        with private_proxy(upstreams) as proxy_url:
            assert proxy_url == base_url
            yield BrowserStack(base_url, urls, env, work)
    finally:
        processes.stop()


@pytest.fixture(scope="session")
def messaging(browser_stack: BrowserStack, bootstrap: str, stand_ins: None) -> Iterator[None]:
    """Recruitment's outbox relay and notifications' consumer, which sends email through Mailpit:
    only the tests that wait for a message ask for these (and for Kafka)."""
    from services.notifications.bootstrap import GROUP, subscription

    group = browser_stack.env["KAFKA_CONSUMER_GROUP_PREFIX"] + GROUP
    start_at_the_end(bootstrap, group, subscription().topics)
    processes = Processes(browser_stack.env, browser_stack.logs)
    try:
        processes.start(
            "recruitment-relay", sys.executable, "-m", "services.recruitment.entrypoints.relay"
        )
        processes.start(
            "notifications-consumer",
            sys.executable,
            "-m",
            "services.notifications.entrypoints.consumer",
        )
        wait_for_consumers(bootstrap, [group])
        yield
    finally:
        processes.stop()


# What `messaging` does not start: with these too every service hears every other, so a journey
# can cross all four (an invitation lets scheduling offer its times, say).
WHOLE_STACK = (
    "recruitment-consumer", "scheduling-relay", "scheduling-consumer", "payments-relay",
    "payments-consumer", "notifications-relay",
)  # fmt: skip


# Module scope: its recruitment and scheduling consumers answer every text on the broker, so
# they must stop with the journeys, before the e2e SMS tests later in the same session.
@pytest.fixture(scope="module")
def whole_stack(
    browser_stack: BrowserStack, bootstrap: str, stand_ins: None, messaging: None
) -> Iterator[None]:
    """`messaging`, plus every other service's relay and consumer (payments' with its own
    database and stripe-mock), each new consumer group starting at the end of its topics."""
    from services.payments.bootstrap import TOPICS as PAYMENTS_TOPICS
    from services.recruitment.bootstrap import subscription as recruitment
    from services.scheduling.bootstrap import subscription as scheduling

    env = {
        **browser_stack.env,
        "PAYMENTS_DATABASE_URL": f"sqlite:///{browser_stack.logs / 'payments.db'}",
        "STRIPE_API_KEY": "sk_test_browser",
        "STRIPE_API_BASE": STRIPE_MOCK,
    }
    migrate = [sys.executable, "-m", "services.cli", "migrate", "payments"]
    subprocess.run(migrate, env=env, cwd=ROOT, check=True)
    prefix = env["KAFKA_CONSUMER_GROUP_PREFIX"]
    groups = {
        "recruitment": recruitment().topics,
        "scheduling": scheduling().topics,
        "payments": PAYMENTS_TOPICS,
    }
    for group, topics in groups.items():
        start_at_the_end(bootstrap, prefix + group, list(topics))
    processes = Processes(env, browser_stack.logs)
    try:
        for name in WHOLE_STACK:
            service, process = name.split("-")
            processes.start(name, sys.executable, "-m", f"services.{service}.entrypoints.{process}")
        wait_for_consumers(bootstrap, [prefix + group for group in groups])
        yield
    finally:
        processes.stop()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: deploy/local/install.sh installs Debian's chromium.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "home"


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """This run's screenshots only: the folder is emptied once, when the first test opens it."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    return SCREENSHOTS


class Screenshots:
    """Numbered screenshots of one test, in the order its pages were seen."""

    def __init__(self, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        self.folder, self.count = folder, 0

    def next(self, name: str) -> tuple[Path, Path]:
        self.count += 1
        stem = self.folder / f"{self.count:02d}-{slug(name)}"
        _screenshots_taken.append(stem)
        return stem.with_suffix(".png"), Path(f"{stem}-320px.png")


def _known(url: str) -> bool:
    return url.startswith(KNOWN_BLOCKED)


def _watch(page: Page, problems: list[str]) -> None:
    """Note every broken asset, JavaScript error, console error and CSP report on the page."""

    def console(message: ConsoleMessage) -> None:
        # "Failed to load resource": the two handlers below say which, and the document's own
        # status (a 404 page, say) is the test's to check.
        text = message.text
        if message.type != "error" or text.startswith("Failed to load resource"):
            return
        if not any(known in text for known in KNOWN_BLOCKED):
            problems.append(f"console error: {text}")

    def response(response: Response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            problems.append(f"{response.status} for {response.url}")

    def failed(request: Request) -> None:
        if request.resource_type != "document" and not _known(request.url):
            problems.append(f"{request.url} failed: {request.failure}")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    page.on("response", response)
    page.on("requestfailed", failed)


@cache
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: deploy/local/install.sh installs the npm packages.")
    return f"{AXE.read_text()}\n;undefined"


def run_axe(page: Page) -> list[dict[str, Any]]:
    # add_script_tag would inline axe into the page, which our CSP (script-src 'self') blocks.
    # page.evaluate runs it through the DevTools protocol instead, which CSP does not govern, so
    # the pages are tested under their real CSP (no bypass_csp anywhere).
    page.evaluate(axe_source())
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {
                runOnly: { type: "tag", values: tags },
                resultTypes: ["violations"],
            });
            return results.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map((n) => ({
                    target: n.target.map(String), html: n.html, summary: n.failureSummary,
                })),
            }));
        }""",
        AXE_TAGS,
    )


def describe(violations: list[dict[str, Any]]) -> list[str]:
    lines = []
    for v in violations:
        lines.append(f"axe {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:
            lines.append(f"    at {' > '.join(node['target'])}: {node['html'][:300]}")
            lines.extend(f"      {line}" for line in (node["summary"] or "").splitlines())
    return lines


class Tab:
    """A browser context and its page. Every page landed on is checked: see the module docstring."""

    def __init__(self, browser: Browser, base_url: str, shots: Screenshots) -> None:
        self.context: BrowserContext = browser.new_context(base_url=base_url, viewport=WIDE)
        self.context.set_default_timeout(15_000)
        # The second context: the same documents, replayed 320 CSS px wide.
        self.narrow: BrowserContext = browser.new_context(viewport=NARROW)
        self.narrow.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.shots = shots
        self.problems: list[str] = []
        _watch(self.page, self.problems)
        self.loads = self.checked_loads = 0
        self.page.on("load", self._loaded)

    def _loaded(self, _page: Page) -> None:
        self.loads += 1

    @property
    def unchecked(self) -> str | None:
        return self.page.url if self.loads > self.checked_loads else None

    def visit(self, path_or_url: str, status: int = 200, name: str | None = None) -> Response:
        response = self.page.goto(path_or_url)
        assert response is not None, f"no response for {path_or_url}"
        self.check(response, status, name)
        return response

    def submit(self, button: Locator | str, status: int = 200, name: str | None = None) -> Response:
        """Click a button (or a button's accessible name) that leads to a new page, and check it."""
        if isinstance(button, str):
            button = self.page.get_by_role("button", name=button, exact=True)
        with self.page.expect_navigation() as navigation:
            button.click()
        response = navigation.value
        assert response is not None, f"no response after clicking {button}"
        self.check(response, status, name)
        return response

    def check(self, response: Response, status: int = 200, name: str | None = None) -> None:
        page = self.page
        page.wait_for_load_state("load")
        label = name or urlsplit(page.url).path
        wide_shot, narrow_shot = self.shots.next(label)
        page.screenshot(path=wide_shot, full_page=True)
        failures = [f"status {response.status}, not {status}"] if response.status != status else []
        failures += describe(run_axe(page))
        failures += self._check_narrow(response, narrow_shot)
        failures += self.problems
        self.problems.clear()
        self.checked_loads = self.loads
        assert not failures, "\n".join(
            [f"{page.url} ({page.title()!r}; screenshot {wide_shot}):", *failures]
        )

    def _check_narrow(self, response: Response, shot: Path) -> list[str]:
        # The very document the wide page got (a form's answer cannot be fetched again), served
        # to a fresh page by routing; its CSS, JavaScript and images still come from the proxy.
        url, body = response.url, response.body()
        headers = {
            k: v
            for k, v in response.all_headers().items()
            if k not in {"content-encoding", "content-length", "transfer-encoding", "set-cookie"}
        }
        narrow = self.narrow.new_page()
        problems: list[str] = []
        _watch(narrow, problems)
        try:
            narrow.route(
                lambda u: u == url,
                lambda route: route.fulfill(status=response.status, headers=headers, body=body),
            )
            narrow.goto(url)
            width = narrow.evaluate("document.documentElement.scrollWidth")
            narrow.screenshot(path=shot, full_page=True)
            problems += describe(run_axe(narrow))
        finally:
            narrow.close()
        failures = [f"at 320 px: {problem}" for problem in problems]
        if width > NARROW["width"]:
            failures.append(
                f"at {NARROW['width']} CSS px wide the page is {width} px wide and scrolls "
                f"sideways (WCAG 1.4.10 reflow); see {shot}"
            )
        return failures

    def close(self) -> None:
        self.context.close()
        self.narrow.close()


@pytest.fixture
def open_tab(
    chromium: Browser,
    browser_stack: BrowserStack,
    screenshots: Path,
    request: pytest.FixtureRequest,
) -> Iterator[Callable[[], Tab]]:
    """Opens a fresh browser context (no cookies) whose pages are all checked."""
    shots = Screenshots(screenshots / slug(request.node.name))
    tabs: list[Tab] = []

    def open_() -> Tab:
        tab = Tab(chromium, browser_stack.base_url, shots)
        tabs.append(tab)
        return tab

    yield open_
    unchecked = [tab.unchecked for tab in tabs if tab.unchecked]
    for tab in tabs:
        tab.close()
    assert not unchecked, f"pages landed on but never checked (use Tab.check): {unchecked}"


@pytest.fixture
def tab(open_tab: Callable[[], Tab]) -> Tab:
    return open_tab()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _screenshots_taken:
        terminalreporter.write_line(
            f"browser screenshots ({len(_screenshots_taken)} pages): {SCREENSHOTS}"
        )


def create_admin(stack: BrowserStack, email: str, name: str, password: str) -> str:
    """An admin made the way an operator makes the first one: `chorus create-admin`."""
    chorus = str(Path(sys.executable).parent / "chorus")
    created = subprocess.run(
        [chorus, "create-admin", "--email", email, "--name", name],
        env={**stack.env, "CHORUS_ADMIN_PASSWORD": password},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert created.returncode == 0, created.stderr
    return email
