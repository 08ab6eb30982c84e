"""UK postcodes: one spelling for storage, and the district (outward code) for targeting."""

from __future__ import annotations

import re

# The shapes in BS 7666 (A9 9AA, A99 9AA, A9A 9AA, AA9 9AA, AA99 9AA, AA9A 9AA).
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")


class InvalidPostcode(ValueError):
    pass


def normalise_postcode(text: str) -> str:
    """' ls7 3ex' -> 'LS7 3EX'; anything that is not shaped like a UK postcode raises."""
    match = _POSTCODE.match(re.sub(r"\s+", " ", text.strip().upper()))
    if not match:
        raise InvalidPostcode("Enter a full UK postcode, like LS7 3EX.")
    return f"{match.group(1)} {match.group(2)}"


def district(postcode: str) -> str:
    """'LS7 3EX' -> 'LS7': the part people are targeted by."""
    return postcode.split(" ", 1)[0]
