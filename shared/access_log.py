"""gunicorn's access log without magic-link tokens or calendar feed secrets: the token is the
path segment after /join/link/<purpose>/ (anyone who reads the log could sign in with it), and
a coordinator's feed secret is the name in /book/calendar/<secret>.ics (the database keeps
only its hash, so the log must not keep it either). Every start of gunicorn names this class
(`--logger-class shared.access_log.RedactingLogger`: deploy/local/Procfile,
deploy/docker/entrypoint.sh, the test stacks); nginx's log does the same with a map
(deploy/nginx/chorus.conf.template)."""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

from shared.vocabulary.recruitment import LINK_REDEEM_PATH

REDACTED = "[redacted]"
_TOKEN = re.compile(rf"({re.escape(LINK_REDEEM_PATH)}/[^/?#\s\"]+/)[^/?#\s\"]+")
_FEED = re.compile(r"(/book/calendar/)[^/?#\s\"]+")  # the secret and its .ics


def redact(text: str) -> str:
    """`text` with any magic-link token or calendar feed secret replaced by [redacted]."""
    return _FEED.sub(rf"\g<1>{REDACTED}", _TOKEN.sub(rf"\g<1>{REDACTED}", text))


class RedactingLogger(Logger):
    """Redacts every atom (the request line, the path, the Referer a signed-in page was reached
    from, any header) before the access log line is formatted."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {k: redact(v) if isinstance(v, str) else v for k, v in atoms.items()}
