"""Equality monitoring: the Equality Act 2010's protected characteristics, asked optionally and
reported only in aggregate, with small numbers hidden so nobody can be picked out."""

from __future__ import annotations

from dataclasses import dataclass

from services.recruitment.activities.domain.activity import AGE_BANDS

PREFER_NOT = "prefer_not_to_say"
NOT_ANSWERED = "not_answered"
NOT_KNOWN = "not_known"  # deprivation: no postcode, or it is not in the lookup
SMALLEST_SHOWN = 5  # counts of 0 to 4 are shown as "fewer than 5"

# ONS 2021 census ethnic groups: (broad group, detailed answers).
ETHNIC_GROUPS: dict[str, tuple[str, ...]] = {
    "asian": ("bangladeshi", "chinese", "indian", "pakistani", "other_asian"),
    "black": ("african", "caribbean", "other_black"),
    "mixed": (
        "white_and_asian",
        "white_and_black_african",
        "white_and_black_caribbean",
        "other_mixed",
    ),
    "white": ("white_british", "irish", "gypsy_or_irish_traveller", "roma", "other_white"),
    "other": ("arab", "any_other_ethnic_group"),
}

# Every question and its answers (census 2021 wording where there is one); each also takes
# PREFER_NOT, and leaving it blank is allowed.
QUESTIONS: dict[str, tuple[str, ...]] = {
    "age_band": AGE_BANDS,
    "disability": ("yes_a_lot", "yes_a_little", "no"),
    "sex": ("female", "male"),
    "gender_same_as_birth": ("yes", "no"),  # gender reassignment
    "sexual_orientation": ("straight", "gay_or_lesbian", "bisexual", "other"),
    "marital_status": (
        "never_married",
        "married",
        "civil_partnership",
        "separated",
        "divorced_or_dissolved",
        "widowed_or_surviving_partner",
    ),
    "pregnancy": ("yes", "no"),  # pregnant, or had a baby in the last 26 weeks
    "ethnicity": tuple(answer for group in ETHNIC_GROUPS.values() for answer in group),
    "religion": (
        "no_religion",
        "christian",
        "buddhist",
        "hindu",
        "jewish",
        "muslim",
        "sikh",
        "other",
    ),
}
IMD_QUINTILES = ("1", "2", "3", "4", "5")  # 1 is the most deprived fifth of areas in England


class EqualityAnswerRefused(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def check_answers(answers: dict[str, str | None]) -> dict[str, str | None]:
    """Only known questions and answers; a blank means the person chose not to answer."""
    checked: dict[str, str | None] = {}
    for question, allowed in QUESTIONS.items():
        answer = answers.get(question) or None
        if answer is not None and answer not in (*allowed, PREFER_NOT):
            raise EqualityAnswerRefused(question, "Choose one of the answers, or leave it blank.")
        checked[question] = answer
    return checked


def broad_ethnic_group(answer: str | None) -> str | None:
    """Reports use the five broad groups only: publishing both the groups and the detail would
    let a hidden detailed count be worked out by subtraction."""
    if answer in (None, PREFER_NOT):
        return answer
    return next(group for group, answers in ETHNIC_GROUPS.items() if answer in answers)


@dataclass(frozen=True)
class Cell:
    answer: str
    count: int | None  # None when hidden

    @property
    def shown(self) -> str:
        return "fewer than 5" if self.count is None else str(self.count)


def suppress(counts: dict[str, int]) -> tuple[list[Cell], int | None]:
    """Hide every count under 5; if only one is hidden, hide the next smallest too, so the
    total cannot give it away. A total under 5 hides everything, the total included."""
    total = sum(counts.values())
    if total < SMALLEST_SHOWN:
        return [Cell(answer, None) for answer in counts], None
    hidden = {answer for answer, n in counts.items() if n < SMALLEST_SHOWN}
    if len(hidden) == 1:
        shown = sorted((n, answer) for answer, n in counts.items() if answer not in hidden)
        if shown:
            hidden.add(shown[0][1])
    cells = [Cell(answer, None if answer in hidden else n) for answer, n in counts.items()]
    return cells, total
