#!/usr/bin/env bash
# Welsh (cy) message catalogs: one for the shared layout (shared/pages/translations) and one per
# service (services/<name>/entrypoints/translations). flask-babel reads the compiled .mo files.
#
#   deploy/local/translations.sh update    extract the strings, update cy/messages.po, compile
#   deploy/local/translations.sh compile   compile the .po files to .mo only
#   deploy/local/translations.sh check     for CI: exit 1 naming every string in the code that
#                                          the Welsh catalog lacks, leaves untranslated or fuzzy,
#                                          or whose .mo is older than its .po. Changes nothing.
#
# A catalog whose sources have no strings yet (a service without pages) is skipped: no files,
# no empty folders. After `update`, translate the new entries in cy/LC_MESSAGES/messages.po
# (clear any "#, fuzzy" flag), then run `compile`.
set -euo pipefail
cd "$(dirname "$0")/../.."

PYBABEL=.venv/bin/pybabel
PYTHON=.venv/bin/python
LOCALE=cy
# Keep in step with tests/recruitment/unit/test_translations.py. pybabel's default keywords (_, gettext,
# ngettext, ...) stay on; _n marks the marshmallow form errors that are translated when shown.
KEYWORDS=(-k _ -k gettext -k lazy_gettext -k _n)

# "name sources output-dir", one catalog a line
catalogs() {
  echo "shared shared shared/pages/translations"
  local service
  for service in services/*/; do
    service="${service%/}"
    [[ -f "$service/__init__.py" ]] || continue
    echo "${service#services/} $service $service/entrypoints/translations"
  done
}

log() { printf '[translations] %s\n' "$*" >&2; }

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# extract SOURCES POT: write the sorted template (run directly, so a failure stops the script)
extract() {
  "$PYBABEL" -q extract -F babel.cfg "${KEYWORDS[@]}" --no-location --omit-header \
    --sort-output -o "$2" "$1"
}

count_messages() { grep -c '^msgid ' "$1" || true; }

po_of() { echo "$1/$LOCALE/LC_MESSAGES/messages.po"; }

compile_dir() {
  local dir="$1"
  [[ -f "$(po_of "$dir")" ]] || return 0
  "$PYBABEL" compile -d "$dir" -l "$LOCALE" --statistics
}

update() {
  local name sources dir count
  while read -r name sources dir; do
    extract "$sources" "$TMP/$name.pot"
    count="$(count_messages "$TMP/$name.pot")"
    if [[ "$count" -eq 0 && ! -f "$(po_of "$dir")" ]]; then
      log "$name: no messages in $sources, skipped"
      continue
    fi
    log "$name: $count messages from $sources"
    mkdir -p "$dir"
    mv "$TMP/$name.pot" "$dir/messages.pot"
    if [[ -f "$(po_of "$dir")" ]]; then
      "$PYBABEL" -q update -i "$dir/messages.pot" -d "$dir" -l "$LOCALE" \
        --no-fuzzy-matching --ignore-pot-creation-date
    else
      "$PYBABEL" -q init -i "$dir/messages.pot" -d "$dir" -l "$LOCALE"
    fi
    compile_dir "$dir"
  done < <(catalogs)
}

compile_all() {
  local name sources dir
  while read -r name sources dir; do
    compile_dir "$dir"
  done < <(catalogs)
}

check() {
  local name sources dir count failed=0
  while read -r name sources dir; do
    extract "$sources" "$TMP/$name.pot"
    count="$(count_messages "$TMP/$name.pot")"
    [[ "$count" -eq 0 ]] && continue
    if ! "$PYTHON" - "$name" "$TMP/$name.pot" "$(po_of "$dir")" <<'PY'; then failed=1; fi
import gettext
import io
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

name, pot_path, po_path = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
with pot_path.open("rb") as f:
    wanted = [m.id for m in read_po(f) if m.id]
problems = []
if not po_path.exists():
    problems = [f"missing: {mid!r}" for mid in wanted]
else:
    with po_path.open("rb") as f:
        catalog = read_po(f)
    if catalog.fuzzy:
        problems.append("the catalog header is marked fuzzy, so pybabel will not compile it")
    for mid in wanted:
        message = catalog.get(mid)
        if message is None:
            problems.append(f"missing: {mid!r}")
        elif not message.string or (
            isinstance(message.string, tuple) and not all(message.string)
        ):
            problems.append(f"untranslated: {mid!r}")
        elif message.fuzzy:
            problems.append(f"fuzzy: {mid!r}")
    mo_path = po_path.with_suffix(".mo")
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    if not mo_path.exists():
        problems.append(f"{mo_path} is missing")
    else:
        with mo_path.open("rb") as f:
            if gettext.GNUTranslations(f)._catalog != gettext.GNUTranslations(compiled)._catalog:
                problems.append(f"{mo_path} is out of date with its .po")
if problems:
    print(f"{name} ({po_path}):", *(f"  {p}" for p in problems), sep="\n", file=sys.stderr)
    sys.exit(1)
print(f"{name}: all {len(wanted)} messages translated", file=sys.stderr)
PY
  done < <(catalogs)
  if [[ "$failed" -ne 0 ]]; then
    log "Welsh translations are incomplete: run deploy/local/translations.sh update," \
      "translate the new entries in each cy/LC_MESSAGES/messages.po, then run compile."
    return 1
  fi
}

case "${1:-}" in
  update) update ;;
  compile) compile_all ;;
  check) check ;;
  *)
    echo "usage: $0 update|compile|check" >&2
    exit 2
    ;;
esac
