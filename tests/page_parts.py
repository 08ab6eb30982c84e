"""Reading the shared layout's parts out of a rendered page (shared/pages/templates/layout.html):
whose name heads it, its logo, and the footer's links and lines."""

from __future__ import annotations

import html
import re

from werkzeug.test import TestResponse


def text(response: TestResponse) -> str:
    return html.unescape(response.get_data(as_text=True))


def header_name(page: str) -> str:
    found = re.search(r'nhsuk-header__organisation-name">([^<]+)<', page)
    assert found is not None
    return found.group(1)


def logo(page: str) -> tuple[str, str] | None:
    """The header's logo (address, alt text), if it has one."""
    header = page.split("</header>")[0]
    found = re.search(r'<img class="nhsuk-header__organisation-logo[^"]*" src="([^"]+)"', header)
    alt = re.search(r'<img [^>]*alt="([^"]+)"', header)
    return None if found is None or alt is None else (found.group(1), alt.group(1))


def footer(page: str) -> str:
    return page[page.index('<footer class="nhsuk-footer"') :]


def footer_links(page: str) -> dict[str, str]:
    """The footer's links, text to address."""
    return {text: href for href, text in re.findall(r'href="([^"]*)"\s*>([^<]+)<', footer(page))}
