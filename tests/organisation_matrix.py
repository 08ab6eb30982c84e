"""The isolation matrices' walk over an app's URL map (tests/<service>/integration/
test_organisation_isolation.py): every staff route whose arguments are all ids the matrix
knows, so a new route is covered the day it is added."""

from __future__ import annotations

from collections.abc import Set

from flask import Flask


def staff_routes(
    app: Flask, arguments: Set[str], without_arguments: bool = False
) -> list[tuple[str, str]]:
    """(method, rule) of each route that takes only `arguments` and checks a staff role;
    `without_arguments`: routes that take none too (ids in the query string, not the path)."""
    found = []
    for rule in app.url_map.iter_rules():
        if not set(rule.arguments) <= arguments:
            continue
        if not set(rule.arguments) and not without_arguments:
            continue
        view = app.view_functions[rule.endpoint]
        view_class = getattr(view, "view_class", None)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            handler = getattr(view_class, method.lower(), None)
            roles = getattr(view, "required_roles", None) or getattr(
                handler, "required_roles", None
            )
            if roles and roles != ("participant",):
                found.append((method, rule.rule))
    return found


def fill(rule: str, ids: dict[str, str]) -> str:
    """The rule with each argument replaced by its id in `ids`."""
    for name, value in ids.items():
        rule = rule.replace(f"<{name}>", value).replace(f"<int:{name}>", value)
    return rule
