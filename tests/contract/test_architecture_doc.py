"""docs/architecture.md names files by their full path from the repository root; each must exist.

A backticked path that starts with a top folder (services/, shared/, tests/, deploy/, bench/,
docs/) or is a top-level file (Makefile, pyproject.toml...) is checked. A `<placeholder>`
segment (`services/<svc>/config.py`) matches any one name, and at least one must exist. The doc
stands alone: no `../` paths and no absolute paths."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"
TOP_FOLDERS = ("services/", "shared/", "tests/", "deploy/", "bench/", "docs/")
TOP_FILES = {p.name for p in ROOT.iterdir() if p.is_file() and not p.name.startswith(".")} | {
    ".importlinter"
}
BACKTICKED = re.compile(r"`([^`]+)`")
PLACEHOLDER = re.compile(r"<[^<>/]+>")


def _candidates(text: str) -> list[str]:
    """The backticked words that look like repository paths (a trailing `…` or `:` is dropped)."""
    found = []
    for span in BACKTICKED.findall(text):
        word = span.split()[0] if span.split() else ""
        word = word.rstrip(".,:;)…")
        if word.startswith(TOP_FOLDERS) or word in TOP_FILES:
            found.append(word)
    return found


def _exists(path: str, root: Path = ROOT) -> bool:
    """Does the path exist, a `<placeholder>` segment standing for any one name?"""
    options = [root]
    for segment in [s for s in path.split("/") if s]:
        if PLACEHOLDER.search(segment):
            parts = PLACEHOLDER.split(segment)
            pattern = re.compile("[^/]+".join(re.escape(part) for part in parts) + "$")
            options = [
                c for o in options if o.is_dir() for c in o.iterdir() if pattern.match(c.name)
            ]
        else:
            options = [o / segment for o in options if (o / segment).exists()]
        if not options:
            return False
    return True


def test_every_path_the_doc_names_exists() -> None:
    paths = _candidates(DOC.read_text())
    assert len(paths) > 50, "the doc should name where things live"
    missing = sorted({p for p in paths if not _exists(p)})
    assert not missing, f"docs/architecture.md names paths that do not exist: {missing}"


def test_the_doc_stands_alone() -> None:
    text = DOC.read_text()
    assert "../" not in text, "docs/architecture.md has a relative ../ path"
    absolute = re.findall(r"`(/(?:work|home|tmp|usr|etc|var|opt)/[^`]*)`", text)
    assert not absolute, f"docs/architecture.md has absolute paths: {absolute}"


def test_the_check_catches_a_wrong_path() -> None:
    assert _exists("services/<svc>/config.py")
    assert _exists("shared/bus/messagebus.py")
    assert _exists("shared/events/contracts/<producer>.py")
    assert not _exists("services/<svc>/no_such_module.py")
    assert _candidates("see `services/x/y.py` and `Makefile`, not `domain/x.py`") == [
        "services/x/y.py",
        "Makefile",
    ]
