"""Message templates stored as files: templates/<name>/<channel>.<language>.<kind>."""

from __future__ import annotations

from pathlib import Path

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    select_autoescape,
)

from services.notifications.service_layer.ports import Rendered

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"
FALLBACK_LANGUAGE = "en"


class FileTemplates:
    def __init__(self, directory: Path = TEMPLATE_DIR) -> None:
        self._env = Environment(
            loader=FileSystemLoader(directory),
            autoescape=select_autoescape(enabled_extensions=("html",)),
            undefined=StrictUndefined,  # a missing value is a bug, never a blank in someone's text
            keep_trailing_newline=False,
        )

    def render(
        self, template: str, channel: str, language: str, context: dict[str, str]
    ) -> Rendered:
        if channel == "sms":
            return Rendered("", self._one(template, "sms.{}.txt", language, context), "")
        return Rendered(
            subject=self._one(template, "email.{}.subject.txt", language, context),
            body=self._one(template, "email.{}.txt", language, context),
            html=self._one(template, "email.{}.html", language, context),
        )

    def _one(self, template: str, pattern: str, language: str, context: dict[str, str]) -> str:
        for lang in dict.fromkeys((language, FALLBACK_LANGUAGE)):
            try:
                return (
                    self._env.get_template(f"{template}/{pattern.format(lang)}")
                    .render(context)
                    .strip()
                )
            except TemplateNotFound:
                continue
        raise LookupError(f"no {pattern.format(language)} template for {template!r}")
