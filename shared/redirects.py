"""The one guard for every redirect after a form, a sign-in or a link: a path on this site, or
the default. Plain Python (no Flask), so that link tokens and pages share it."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit


def _decodings(target: str) -> list[str]:
    """The target and what percent-decoding makes of it, once or more (%2509 -> %09 -> tab)."""
    forms = [target]
    while len(forms) < 4 and (decoded := unquote(forms[-1])) != forms[-1]:
        forms.append(decoded)
    return forms


def safe_next(target: str | None, default: str = "/staff") -> str:
    """Only a path on this site: never send someone to another site after signing in.

    Browsers drop tabs and newlines from addresses and read a backslash as a slash, so
    `/\\t/evil.example` would become `//evil.example`: any control character or backslash, as
    typed or once decoded, is refused, and what is left must be a plain path (no scheme, no
    host) starting with one slash."""
    if not target:
        return default
    for form in _decodings(target):
        if "\\" in form or not form.isprintable() or form.startswith("//"):
            return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return default
    return target
