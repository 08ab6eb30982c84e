"""Issue #14 item 8: after signing in (staff) or opening a magic link (participants) we only
ever send people to a page on this site. The bypasses are OWASP's (Unvalidated Redirects and
Forwards cheat sheet, and the open redirect payload lists it links to), plus the browser's own
habit of dropping tabs and newlines and reading a backslash as a slash."""

from __future__ import annotations

import pytest

from shared.magic_links import safe_landing
from shared.redirects import safe_next

OFF_SITE = [
    "/\t/evil.example",  # the reported one: the browser drops the tab and sees //evil.example
    "/\n/evil.example",
    "/\r/evil.example",
    "/\r\n/evil.example",
    "/%09/evil.example",  # the same, percent-encoded, as a redirect target would be decoded
    "/%0a/evil.example",
    "/%0d/evil.example",
    "/%0D%0A/evil.example",
    "/%2509/evil.example",  # encoded twice
    "/%00/evil.example",
    "/\x00/evil.example",
    "/\x7f/evil.example",
    "\t//evil.example",
    " //evil.example",
    "//evil.example",
    "///evil.example",
    "////evil.example",
    "//evil.example/%2f..",
    "/%2f/evil.example",
    "/%2F%2Fevil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "\\/\\/evil.example",
    "/%5cevil.example",
    "/%5C%5Cevil.example",
    "https://evil.example",
    "http://evil.example/staff",
    "HTTPS://evil.example",
    "https:evil.example",
    "http:/evil.example",
    "//evil.example@chorus.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "staff",
    "./staff",
    "../evil.example",
    "\u2028//evil.example",
    "/\u2029/evil.example",
    "/\u200b/evil.example",
    "%2f%2fevil.example",
    "%68ttps://evil.example",
    "",
    None,
]

ON_SITE = [
    "/staff",
    "/staff?x=1",
    "/staff/accounts",
    "/book/activities/3f0c9a52-6b1e-4d27-8a94-7c2e5b1d0f68",
    "/pay/bank?from=email",
    "/join/manage/activities?q=diabetes%20clinic",
    "/staff#top",
    "/staff/evil.example",
    "/staff?next=https://evil.example",  # a query that mentions a site is still our page
]


@pytest.mark.parametrize("target", OFF_SITE)
def test_safe_next_refuses_every_way_off_the_site(target: str | None) -> None:
    assert safe_next(target) == "/staff"
    assert safe_next(target, default="") == ""


@pytest.mark.parametrize("target", ON_SITE)
def test_safe_next_keeps_pages_on_this_site(target: str) -> None:
    assert safe_next(target) == target


@pytest.mark.parametrize("target", [t for t in OFF_SITE if t])
@pytest.mark.parametrize("purpose", ["me", "book", "pay"])
def test_magic_links_land_with_the_same_guard(purpose: str, target: str) -> None:
    home = {"me": "/join/me", "book": "/book", "pay": "/pay"}[purpose]
    assert safe_landing(purpose, target) == home


@pytest.mark.parametrize(
    ("purpose", "target"),
    [
        ("book", "/book/%09/evil.example"),
        ("book", "/book/\\evil.example"),
        ("pay", "/pay/%0d%0aSet-Cookie:x=1"),
        ("me", "/join/me/%5c%5cevil.example"),
    ],
)
def test_magic_links_refuse_encoded_tricks_inside_their_own_pages(
    purpose: str, target: str
) -> None:
    assert (
        safe_landing(purpose, target) == {"me": "/join/me", "book": "/book", "pay": "/pay"}[purpose]
    )


def test_magic_links_still_land_on_their_own_pages() -> None:
    assert safe_landing("book", "/book/holds/abc") == "/book/holds/abc"
    assert safe_landing("pay", "/pay/bank") == "/pay/bank"
    assert safe_landing("pay", "/book/holds/abc") == "/pay"  # another purpose's page
