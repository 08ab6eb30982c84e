"""Server-rendered pages for every service: the NHS.UK layout, languages, CSRF, security headers,
friendly error pages. A service calls init_pages(app, settings) once in create_app()."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, Response, g, render_template, request
from flask_babel import Babel, gettext
from flask_wtf.csrf import CSRFError, CSRFProtect
from jinja2 import (
    ChainableUndefined,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context
from werkzeug.exceptions import HTTPException, TooManyRequests

from shared.config import Settings
from shared.pages.formats import (
    uk_date,
    uk_datetime,
    uk_money,
    uk_phone,
    uk_short_date,
    welsh_after_ar,
)
from shared.pages.language import (
    LANGUAGES,
    language_url,
    name_in_language,
    remember_language,
    select_language,
)
from shared.pages.organisation import (
    ORGANISATIONS,
    PageOrganisation,
    organisation_of_page,
    page_about,
)
from shared.pages.proxy import FromTrustedProxy
from shared.pages.security import add_security_headers

HERE = Path(__file__).resolve().parent
SHARED_TEMPLATES = HERE / "templates"
SHARED_TRANSLATIONS = HERE / "translations"

csrf = CSRFProtect()

__all__ = ["ORGANISATIONS", "PageOrganisation", "csrf", "init_pages", "page_about"]


def init_pages(app: Flask, settings: Settings) -> None:
    # Behind the proxy, trust one hop of X-Forwarded-* so URLs, "is this HTTPS?" and the client's
    # address are right; from anyone else, ignore them (shared/pages/proxy.py).
    app.wsgi_app = FromTrustedProxy(app.wsgi_app)  # type: ignore[method-assign]
    app.config.update(
        SESSION_COOKIE_NAME="chorus_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=not settings.is_development,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
        BABEL_TRANSLATION_DIRECTORIES=";".join(
            str(p) for p in (Path(app.root_path) / "translations", SHARED_TRANSLATIONS)
        ),
    )
    # NHS.UK components come from nhsuk-frontend-jinja ("nhsuk/components/<name>/macro.jinja"),
    # whose macros read optional params in chains (params.label.text), hence ChainableUndefined.
    nhsuk = PackageLoader("nhsuk_frontend_jinja")
    app.jinja_loader = ChoiceLoader([app.jinja_loader, FileSystemLoader(SHARED_TEMPLATES), nhsuk])  # type: ignore[list-item]
    app.jinja_env.undefined = ChainableUndefined
    # Flask escapes only .html and the like; the library's templates end in .jinja.
    app.jinja_env.autoescape = select_autoescape(("html", "htm", "xml", "xhtml", "svg", "jinja"))
    Babel(app, locale_selector=select_language)
    _mutate_welsh_days(app.jinja_env)
    csrf.init_app(app)
    app.after_request(remember_language)
    app.after_request(add_security_headers)

    app.add_template_filter(uk_phone)
    app.add_template_filter(lambda moment: uk_datetime(moment, select_language()), "uk_datetime")
    app.add_template_filter(lambda day: uk_date(day, select_language()), "uk_date")
    app.add_template_filter(
        lambda moment: uk_short_date(moment, select_language()), "uk_short_date"
    )
    app.add_template_filter(lambda pence: uk_money(pence, select_language()), "uk_money")

    @app.context_processor
    def layout_values() -> dict[str, object]:
        about = organisation_of_page(app)
        logo_origin = about.logo_origin if about else None
        g.logo_origin = logo_origin  # add_security_headers lets the page load it
        return {
            "organisation_name": (
                name_in_language(about.name, about.welsh_name)
                if about
                else settings.organisation_name
            ),
            "organisation_logo": about.logo_url if about and logo_origin else None,
            "privacy_url": (about.privacy_notice_url if about else None) or "/privacy",
            "accessibility_contact": about.accessibility_contact if about else None,
            "service_name": "Chorus",
            "languages": LANGUAGES,
            "current_language": select_language(),
            "language_url": language_url,
            "staff_member": g.get("staff_member"),
        }

    _add_error_pages(app)


def _mutate_welsh_days(env: Environment) -> None:
    """Pages' words with a date in them read "ar ddydd Mawrth" in Welsh, not babel's "ar Dydd
    Mawrth": the translated words are only whole once their values are in, so the mutation
    wraps the templates' gettext (and so _ and trans blocks). English never says "ar Dydd"."""
    for name in ("gettext", "ngettext", "pgettext", "npgettext"):
        if name in env.globals:
            env.globals[name] = _mutated(env.globals[name])


def _mutated(inner: Any) -> Any:
    @pass_context
    def translate(context: Context, *args: Any, **kwargs: Any) -> Any:
        words = context.call(inner, *args, **kwargs)
        if not isinstance(words, str):
            return words
        # Markup stays Markup (only letters are added, so it is still safe to show).
        return type(words)(welsh_after_ar(str(words)))

    return translate


def _add_error_pages(app: Flask) -> None:
    messages = {
        400: (lambda: gettext("Something went wrong"), lambda: [gettext("Go back and try again.")]),
        403: (
            lambda: gettext("You cannot see this page"),
            lambda: [
                gettext("Your account does not allow this. Ask an administrator if you need it.")
            ],
        ),
        404: (
            lambda: gettext("Page not found"),
            lambda: [
                gettext("If you typed the web address, check it is correct."),
                gettext("If you pasted the web address, check you copied the whole address."),
            ],
        ),
        500: (
            lambda: gettext("Sorry, there is a problem with the service"),
            lambda: [gettext("Try again later. Nothing you entered has been lost or sent twice.")],
        ),
    }

    def page(code: int) -> tuple[str, int]:
        title, lines = messages[code]
        return render_template("errors/error.html", title=title(), lines=lines(), errors=None), code

    @app.errorhandler(CSRFError)
    def csrf_failed(_error: CSRFError) -> tuple[str, int]:
        title = gettext("This form has expired")
        lines = [
            gettext(
                "For your security, forms stop working after a while. "
                "Go back, reload the page and try again."
            )
        ]
        return render_template("errors/error.html", title=title, lines=lines, errors=None), 400

    for code in (403, 404, 500):
        app.register_error_handler(code, _html_or_json(code, page))

    @app.errorhandler(TooManyRequests)
    def too_many(error: TooManyRequests) -> tuple[Any, int, dict[str, str]]:
        """A limit (shared/address_limits.py): when to come back, for people and programs."""
        wait = {"Retry-After": str(int(error.retry_after or 60))}  # type: ignore[arg-type]
        if request.path.startswith("/api/"):
            message = "Too many requests from this address. Try again after Retry-After seconds."
            return {"code": 429, "status": "Too Many Requests", "message": message}, 429, wait
        title = gettext("You have tried this too many times")
        lines = [
            gettext("To keep people safe, we limit how often this can be done."),
            gettext("Wait a few minutes, then try again."),
        ]
        body = render_template("errors/error.html", title=title, lines=lines, errors=None)
        return body, 429, wait


def _html_or_json(code: int, page):  # type: ignore[no-untyped-def]
    """APIs keep flask-smorest's JSON errors; people get a page in the site's layout."""

    def handle(error: Exception) -> Response | tuple[str, int]:
        if request.path.startswith("/api/"):
            status = error.code if isinstance(error, HTTPException) and error.code else 500
            name = error.name if isinstance(error, HTTPException) else "Internal Server Error"
            body: dict[str, Any] = {"code": status, "status": name}
            if message := _message_of(error):
                body["message"] = message
            return body, status  # type: ignore[return-value]
        return page(code)

    return handle


def _message_of(error: Exception) -> str | None:
    """What abort(code, message=...) said (flask-smorest keeps it in error.data): an API
    caller needs it, e.g. how many of the people named were not found. An unplanned error and
    a plain missing route say nothing more than their status."""
    data = getattr(error, "data", None)
    message = data.get("message") if isinstance(data, dict) else None
    return message if isinstance(message, str) else None
