"""Issue #14 items 8, 10 and 11 through the real stack (gunicorn, relays, consumers, Kafka):
the staff sign-in never follows a `next` off the site; an admin's role change and disabling
reach scheduling and payments; a participant's sign-out, "stop all my links" and erasure make
a copied cookie stop working on /book and /pay, not only in the browser that signed out."""

from __future__ import annotations

import uuid

import pytest
import requests

from services.recruitment.staff.adapters.passwords import Argon2Passwords
from services.recruitment.staff.service_layer.staff import create_staff
from tests.e2e.conftest import Stack
from tests.e2e.test_my_data_everywhere import csrf, sign_up, signed_in_by_link
from tests.e2e.test_recruitment_journeys import open_activity_with_code, recruitment_uow
from tests.e2e.test_thin_journey import unique_mobile
from tests.support import wait_until

PASSWORD = "correct horse battery staple"


def copied(browser: requests.Session) -> requests.Session:
    other = requests.Session()
    other.cookies.update(browser.cookies)
    return other


def status(browser: requests.Session, url: str) -> int:
    return browser.get(url, allow_redirects=False, timeout=10).status_code


def staff_member(stack: Stack, roles: set[str]) -> tuple[str, str]:
    email = f"staff-{uuid.uuid4().hex[:8]}@example.org"
    staff_id = create_staff(
        email, "Cora Sessions", PASSWORD, roles, None, recruitment_uow(stack), Argon2Passwords()
    )
    return staff_id, email


def signed_in(stack: Stack, email: str, next_: str = "") -> tuple[requests.Session, str]:
    browser = requests.Session()
    sign_in = f"{stack.urls['recruitment']}/staff/sign-in"
    token = csrf(browser.get(sign_in, timeout=10).text)
    form = {"csrf_token": token, "email": email, "password": PASSWORD, "next": next_}
    answer = browser.post(sign_in, data=form, timeout=10)  # follows the redirect
    assert answer.status_code == 200, answer.text[:300]
    return browser, answer.url


@pytest.mark.parametrize(
    "next_", ["/\t/evil.example", "/%09/evil.example", "//evil.example", "/\\evil.example"]
)
def test_staff_sign_in_follows_next_only_on_this_site(stack: Stack, next_: str) -> None:
    _, email = staff_member(stack, {"coordinator"})
    _, landed = signed_in(stack, email, next_)
    assert landed == f"{stack.urls['recruitment']}/staff"
    _, kept = signed_in(stack, email, "/staff?from=next")  # a page here is still followed
    assert kept == f"{stack.urls['recruitment']}/staff?from=next"


def test_an_admin_takes_a_role_away_then_disables_the_account_everywhere(stack: Stack) -> None:
    _, admin_email = staff_member(stack, {"admin"})
    cora_id, cora_email = staff_member(stack, {"coordinator"})
    admin, _ = signed_in(stack, admin_email)
    cora, _ = signed_in(stack, cora_email)
    elsewhere = copied(cora)  # the same session, in another browser
    book, pay = f"{stack.urls['scheduling']}/book/manage", f"{stack.urls['payments']}/pay/manage"
    assert status(elsewhere, book) == 200 and status(elsewhere, pay) == 200

    account = f"{stack.urls['recruitment']}/staff/accounts/{cora_id}"
    form = {"csrf_token": csrf(admin.get(account, timeout=10).text),
            "display_name": "Cora Sessions", "roles": "finance_approver"}  # fmt: skip
    assert admin.post(account, data=form, allow_redirects=False, timeout=10).status_code == 302
    wait_until(lambda: status(elsewhere, book) == 403, timeout=60, what="scheduling to hear")
    assert status(elsewhere, pay) == 200  # a finance approver still works in payments

    token = csrf(admin.get(account, timeout=10).text)
    disabled = admin.post(
        f"{account}/disable", data={"csrf_token": token}, allow_redirects=False, timeout=10
    )
    assert disabled.status_code == 302
    for url in (pay, book):
        wait_until(lambda url=url: status(elsewhere, url) == 302, timeout=60, what=url)
        assert "/staff/sign-in" in elsewhere.get(url, allow_redirects=False).headers["Location"]


@pytest.mark.parametrize(
    ("path", "form"),
    [("/join/sign-out", {}), ("/join/me/stop-links", {}), ("/join/me/erase", {"confirm": "yes"})],
    ids=["sign-out", "stop-links", "erase"],
)
def test_a_copied_participant_cookie_stops_working_on_book_and_pay(
    stack: Stack, path: str, form: dict[str, str]
) -> None:
    code = open_activity_with_code(stack)
    name = f"Sessions{uuid.uuid4().hex[:6]}"
    pid = sign_up(stack, code, name, unique_mobile(), f"{name.lower()}@example.test")
    me = signed_in_by_link(stack, pid)
    other = copied(me)
    pages = [f"{stack.urls['scheduling']}/book/me/data.json",
             f"{stack.urls['payments']}/pay/me/data.json",
             f"{stack.urls['notifications']}/messages/me/data.json"]  # fmt: skip
    for url in pages:
        assert status(other, url) == 200, url

    recruitment = stack.urls["recruitment"]
    page = recruitment + ("/join/me/erase" if path.endswith("erase") else "/join/me")
    token = csrf(me.get(page, timeout=10).text)
    left = me.post(recruitment + path, data={"csrf_token": token, **form}, timeout=10)
    assert left.status_code == 200, left.text[:300]
    assert status(other, f"{recruitment}/join/me") == 302  # recruitment knows at once
    for url in pages:  # the others once the event arrives
        wait_until(lambda url=url: status(other, url) == 302, timeout=60, what=url)
        assert "/join/link" in other.get(url, allow_redirects=False).headers["Location"]
