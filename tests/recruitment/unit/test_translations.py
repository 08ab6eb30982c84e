"""The Welsh catalogs are complete and compiled: every string in the code has a plain-Welsh
translation, none is fuzzy, placeholders survive, and the .mo that flask-babel reads matches its
.po. A string added to a page without a translation fails here, naming it."""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from services.recruitment.staff.domain.staff import ROLES
from services.recruitment.staff.entrypoints.pages import ROLE_LABELS
from shared.vocabulary.recruitment import PLATFORM_ADMIN

ROOT = Path(__file__).resolve().parents[3]
LOCALE = "cy"
# As deploy/local/translations.sh runs pybabel: its default keywords plus these.
KEYWORDS = {**DEFAULT_KEYWORDS, "_": None, "gettext": None, "lazy_gettext": None, "_n": None}
UPDATE = "run `deploy/local/translations.sh update`, then translate the new entries in"
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[a-zA-Z%]")


@dataclass(frozen=True)
class Source:
    name: str
    sources: Path
    translations: Path

    @property
    def po(self) -> Path:
        return self.translations / LOCALE / "LC_MESSAGES" / "messages.po"

    @property
    def mo(self) -> Path:
        return self.po.with_suffix(".mo")

    def __str__(self) -> str:
        return self.name


def _sources() -> list[Source]:
    found = [Source("shared", ROOT / "shared", ROOT / "shared/pages/translations")]
    for service in sorted((ROOT / "services").iterdir()):
        if (service / "__init__.py").exists():
            found.append(Source(service.name, service, service / "entrypoints" / "translations"))
    return found


SOURCES = _sources()
TRANSLATED = [s for s in SOURCES if s.po.exists()]


@cache
def extracted(source: Source) -> dict[str, list[str]]:
    """Every msgid in the source now, with where it is used."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        source.sources, method_map, options_map, KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, []).append(f"{_rel(source.sources / filename)}:{lineno}")
    return found


@cache
def catalog(source: Source) -> Catalog:
    with source.po.open("rb") as f:
        return read_po(f, locale=LOCALE)


def messages(source: Source) -> Iterator[Message]:
    return (m for m in catalog(source) if m.id)


def _rel(path: Path) -> Path:
    return path.relative_to(ROOT)


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_every_catalog_with_strings_has_a_welsh_catalog() -> None:
    lacking = [s.name for s in SOURCES if extracted(s) and not s.po.exists()]
    assert not lacking, f"No Welsh catalog for {lacking}: {UPDATE} each new messages.po"


@pytest.mark.parametrize("source", TRANSLATED, ids=str)
def test_the_catalog_covers_every_string_in_the_code(source: Source) -> None:
    missing = {
        msgid: where
        for msgid, where in extracted(source).items()
        if catalog(source).get(msgid) is None
    }
    assert not missing, (
        f"{len(missing)} string(s) in {_rel(source.sources)} are not in {_rel(source.po)}: "
        + "; ".join(f"{msgid!r} ({where[0]})" for msgid, where in sorted(missing.items()))
        + f". To fix: {UPDATE} {_rel(source.po)}."
    )


@pytest.mark.parametrize("source", TRANSLATED, ids=str)
def test_every_entry_is_translated_and_none_is_fuzzy(source: Source) -> None:
    assert not catalog(source).fuzzy, f"{_rel(source.po)}: the header is marked fuzzy"
    untranslated = [
        m.id
        for m in messages(source)
        if not m.string or (isinstance(m.string, tuple) and not all(m.string))
    ]
    fuzzy = [m.id for m in messages(source) if m.fuzzy]
    assert not untranslated, (
        f"No Welsh yet for {untranslated} in {_rel(source.po)}: translate them, "
        "then run `deploy/local/translations.sh compile`"
    )
    assert not fuzzy, (
        f"Fuzzy (guessed) translations for {fuzzy} in {_rel(source.po)}: check them, remove "
        "the fuzzy flag, then run `deploy/local/translations.sh compile`"
    )


@pytest.mark.parametrize("source", TRANSLATED, ids=str)
def test_placeholders_are_kept(source: Source) -> None:
    wrong = []
    for m in messages(source):
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if isinstance(m.id, tuple):
            # A plural form may leave out the number (Welsh "un" for 1), never add a name.
            allowed = {p for i in ids for p in _placeholders(i)}
            wrong += [(m.id, s) for s in strings if not set(_placeholders(s)) <= allowed]
        elif _placeholders(strings[0]) != _placeholders(ids[0]):
            wrong.append((m.id, strings[0]))
    assert not wrong, f"{_rel(source.po)}: placeholders changed in {wrong}"


@pytest.mark.parametrize("source", TRANSLATED, ids=str)
def test_the_mo_file_is_compiled_from_the_po_file(source: Source) -> None:
    assert source.mo.exists(), f"{_rel(source.mo)} is missing: run translations.sh compile"
    compiled = io.BytesIO()
    write_mo(compiled, catalog(source))
    compiled.seek(0)
    with source.mo.open("rb") as f:
        on_disk = gettext.GNUTranslations(f)
    expected = gettext.GNUTranslations(compiled)
    stale = {
        k: (on_disk._catalog.get(k), v)  # type: ignore[attr-defined]
        for k, v in expected._catalog.items()  # type: ignore[attr-defined]
        if k != "" and on_disk._catalog.get(k) != v  # type: ignore[attr-defined]
    }
    extra = set(on_disk._catalog) - set(expected._catalog)  # type: ignore[attr-defined]
    assert not stale and not extra, (
        f"{_rel(source.mo)} is out of date with its .po (changed: {sorted(stale, key=str)}, "
        f"gone: {sorted(extra, key=str)}): run `deploy/local/translations.sh compile`"
    )


@pytest.mark.parametrize("source", [s for s in TRANSLATED if s.name != "shared"], ids=str)
def test_a_string_shared_with_the_layout_has_the_same_welsh(source: Source) -> None:
    """flask-babel merges the shared catalog over the service's, so the shared Welsh wins."""
    shared = catalog(SOURCES[0])
    different = {
        m.id: (m.string, shared[m.id].string)
        for m in messages(source)
        if m.id in shared and shared[m.id].string != m.string
    }
    assert not different, (
        f"{_rel(source.po)} and the shared catalog translate these differently, and the "
        f"shared one is what people see: {different}"
    )


def test_every_staff_role_label_is_in_the_recruitment_catalog() -> None:
    """Every role has a label in pages.ROLE_LABELS, and every label is translated."""
    recruitment = next(s for s in SOURCES if s.name == "recruitment")
    given = {*ROLES, PLATFORM_ADMIN}
    assert set(ROLE_LABELS) == given, "give every role a label in pages.ROLE_LABELS"
    labels = list(ROLE_LABELS.values())
    missing = [label for label in labels if catalog(recruitment).get(label) is None]
    assert not missing, f"{UPDATE} {_rel(recruitment.po)} and translate {missing}"
