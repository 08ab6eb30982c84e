"""What the access logs keep of a path with a secret in it: the path, never the secret."""

from __future__ import annotations

from shared.access_log import redact


def test_a_magic_link_token_and_a_calendar_feed_secret_are_redacted() -> None:
    line = (
        '"GET /join/link/me/abc.def-123/new HTTP/1.1" 200 '
        '"GET /book/calendar/Zx9_secret-Token.ics HTTP/1.1" 200'
    )
    assert redact(line) == (
        '"GET /join/link/me/[redacted]/new HTTP/1.1" 200 '
        '"GET /book/calendar/[redacted] HTTP/1.1" 200'
    )
    assert redact("/book/manage/calendar") == "/book/manage/calendar"  # the staff page: no secret
