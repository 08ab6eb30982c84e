"""What every service's page forms share: a base schema that ignores extra fields (csrf_token)
and treats a blank box as missing, the `_n` marker for messages translated when shown, and
first_errors() to turn marshmallow's messages into one message a field, in the page's language."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from marshmallow import EXCLUDE, Schema, pre_load


def _n(text: str) -> str:
    """Marks a message for translation (pybabel -k _n); first_errors() translates it when shown.
    marshmallow needs plain strings at class definition, before any request has a language."""
    return text


class PageForm(Schema):
    """A form posted from a page: extra fields (csrf_token) are ignored, and a field left
    blank counts as missing, so people see "Enter your …" rather than a format error."""

    class Meta:
        unknown = EXCLUDE

    @pre_load
    def _blank_is_missing(self, data: Any, **_: Any) -> dict[str, Any]:
        items = data.items() if hasattr(data, "items") else []
        return {k: v for k, v in items if not (isinstance(v, str) and not v.strip())}


def first_errors(messages: dict[str, Any], whole_form: str = "_schema") -> dict[str, str]:
    """{field: [messages]} as {field: first message, in the page's language}. Errors about the
    whole form (marshmallow's "_schema") go under `whole_form`, the box the page shows them by."""
    flat = {}
    for field, value in messages.items():
        while isinstance(value, (list, dict)):
            value = next(iter(value.values())) if isinstance(value, dict) else value[0]
        flat[whole_form if field == "_schema" else field] = gettext(str(value))
    return flat
