"""The coordinator's outcome form: boxes in, OutcomeWords out, mistakes in plain words."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.recruitment.outcomes.domain.outcome import OutcomeRuleBroken, OutcomeWords

FIELDS = ("title", "description", "status", "reason", "link", "decided-day", "decided-month")
FIELDS += ("decided-year",)


def form_data(form: Any) -> dict[str, str]:
    return {name: (form.get(name) or "").strip() for name in FIELDS}


def words_from(data: dict[str, str]) -> OutcomeWords:
    """Raises OutcomeRuleBroken (field, message) for the first thing wrong."""
    try:
        decided = date(
            int(data["decided-year"]), int(data["decided-month"]), int(data["decided-day"])
        )
    except ValueError:
        raise OutcomeRuleBroken("decided", "Enter a real date, like 4 12 2026.") from None
    if not 2000 <= decided.year <= 2100:
        raise OutcomeRuleBroken("decided", "Enter a real date, like 4 12 2026.")
    return OutcomeWords(
        data["title"], data["description"], data["status"], data["reason"], decided,
        data["link"] or None,
    ).checked()  # fmt: skip


def data_of(outcome: dict[str, Any]) -> dict[str, str]:
    """An outcome's values for the edit form's boxes."""
    day: date = outcome["decided_on"]
    return {
        "title": outcome["title"],
        "description": outcome["description"],
        "status": outcome["status"],
        "reason": outcome["reason"],
        "link": outcome["link"] or "",
        "decided-day": str(day.day),
        "decided-month": str(day.month),
        "decided-year": str(day.year),
    }
