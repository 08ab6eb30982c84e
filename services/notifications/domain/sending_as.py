"""Who a participant's message goes out as: the organisation whose activity it is about (its
number or messaging service, its "from" name and address, its name in the words), or the
deployment itself when it is about no organisation's activity (a sign-in link) or the
organisation gave no sender of its own."""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import formataddr, parseaddr

from shared.vocabulary.organisations import Organisation

DEPLOYMENT_NAME = "Chorus"
# Longer names take the short one in a text: the words must stay within two segments.
SMS_NAME_MAX = 20  # as long as a short name may be


@dataclass(frozen=True)
class SendingAs:
    organisation_id: str | None
    name: str  # for the words of an email ("The Leeds ICB team")
    sms_name: str  # for the words of a text ("Leeds ICB: you are booked ...")
    sms_sender: str | None  # None: the deployment's TWILIO_FROM_NUMBER
    email_from: str | None  # None: the deployment's MAIL_FROM
    privacy_url: str | None = None  # its own privacy notice; None: the deployment's /privacy

    def sender(self, channel: str) -> str | None:
        return self.sms_sender if channel == "sms" else self.email_from

    def name_for(self, channel: str) -> str:
        return self.sms_name if channel == "sms" else self.name


def deployment(name: str = DEPLOYMENT_NAME) -> SendingAs:
    return SendingAs(None, name, name, None, None)


def sending_as(organisation: Organisation | None, language: str, deployment_from: str) -> SendingAs:
    """`deployment_from` is MAIL_FROM ("Chorus <no-reply@...>"): its address is used when the
    organisation has a "from" name but no address of its own."""
    if organisation is None:
        return deployment()
    name = (organisation.welsh_name if language == "cy" else None) or organisation.name
    sms_name = name if len(name) <= SMS_NAME_MAX else organisation.short_name
    email_from = None
    if organisation.email_from_name or organisation.email_from_address:
        address = organisation.email_from_address or parseaddr(deployment_from)[1]
        email_from = formataddr((organisation.email_from_name or organisation.name, address))
    return SendingAs(
        organisation.organisation_id, name, sms_name, organisation.sms_sender, email_from,
        organisation.privacy_notice_url,
    )  # fmt: skip


def in_words(details: dict[str, object], sender: SendingAs, channel: str) -> dict[str, object]:
    """A message's facts with whose it is: the organisation's name (and its own privacy notice,
    where the words point to one)."""
    context = {**details, "organisation": sender.name_for(channel)}
    if sender.privacy_url and "privacy_url" in details:
        context["privacy_url"] = sender.privacy_url
    return context
