"""English and Welsh: chosen by ?lang=, then a remembered choice, then the browser."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Response, g, request, session

LANGUAGES = (("en", "English"), ("cy", "Cymraeg"))
CODES = tuple(code for code, _ in LANGUAGES)
COOKIE = "chorus_lang"


def select_language() -> str:
    asked = request.args.get("lang")
    if asked in CODES:
        g.language_asked = asked
        return asked
    remembered = request.cookies.get(COOKIE) or session.get("language")
    if remembered in CODES:
        return remembered
    return request.accept_languages.best_match(CODES) or "en"


def name_in_language(name: str, welsh_name: str | None) -> str:
    """An organisation's name as this page's language has it: Welsh where it has one."""
    return welsh_name if welsh_name and select_language() == "cy" else name


def remember_language(response: Response) -> Response:
    asked = g.get("language_asked")
    if asked:
        response.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


def language_url(code: str) -> str:
    args = {k: v for k, v in request.args.items() if k != "lang"}
    args["lang"] = code
    return f"{request.path}?{urlencode(args)}"
