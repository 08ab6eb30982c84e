"""What a channel's printable poster says: the activity, what is offered, the sign-up address
spelled out, and the text-message way in. Drawing it is the adapter's job."""

from __future__ import annotations

from dataclasses import dataclass

from services.recruitment.activities.domain.channels import normalise_code
from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.participants.ports import UnitOfWork

UNITS = {"hour": "an hour", "session": "a session", "day": "a day"}


@dataclass(frozen=True)
class Poster:
    code: str
    title: str
    offered: list[str]
    url: str
    text_line: str | None  # "or text JOIN DEMO to 07700 900123", when we have a number


def _offered(offer: dict[str, object]) -> list[str]:
    pence = int(offer.get("rate_pence") or 0)  # type: ignore[call-overload]
    lines = []
    if pence:
        money = f"£{pence // 100}" if pence % 100 == 0 else f"£{pence / 100:.2f}"
        lines.append(f"We pay {money} {UNITS.get(str(offer.get('rate_unit')), '')} for your time.")
    if offer.get("expenses_covered"):
        lines.append("We pay back travel and other costs.")
    if offer.get("recognition"):
        lines.append(str(offer["recognition"])[:120])
    return lines or ["This activity is unpaid."]


def poster_for(code: str, base_url: str, sms_number: str | None, uow: UnitOfWork) -> Poster:
    """sms_number is already written the UK way ('07700 900123'); base_url has no slash."""
    code = normalise_code(code)
    with uow:
        channel = uow.channels.by_code(code)
        activity = uow.activities.get(channel.activity_id) if channel else None
        if channel is None or activity is None:
            raise NotFound(code)
        return Poster(
            code=code,
            title=activity.title,
            offered=_offered(activity.offer),
            url=f"{base_url}/join/{code}",
            text_line=f"or text JOIN {code} to {sms_number}" if sms_number else None,
        )
