"""Plain words for the staff approval console: statuses, audit actions, why a payout failed,
what a claim is for, and the domain's refusals as the messages staff see."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from services.payments.entitlements.domain.model import (
    CHANGED,
    ENTERED,
    MARKED,
    SYSTEM,
    ApprovalRefused,
)
from shared.auth import current_staff
from shared.pages.formats import uk_money
from shared.pages.language import select_language


def ref(value: str | None) -> str:
    """A short reference for an id: enough to tell people apart, no personal data."""
    return (value or "")[:8].upper()


def staff_status(status: str, waiting_for_bank: bool = False) -> str:
    if status == "approved" and waiting_for_bank:
        return _("Approved: waiting for their bank details")
    return {
        "pending": _("Waiting for a coordinator"),
        "awaiting_finance": _("Waiting for a finance approver"),
        "approved": _("Approved: ready to pay"),
        "paying": _("Being paid"),
        "paid": _("Paid"),
        "voucher": _("Paid as a voucher"),
        "declined": _("They said no to the fee"),
        "rejected": _("Not approved"),
        "failed": _("Payment failed"),
        "withdrawn": _("Withdrawn"),
    }.get(status, status)


def action_words(action: str) -> str:
    return {
        "created": _("Entered"),
        "approved": _("Approved"),
        "finance_approved": _("Approved by finance"),
        "rejected": _("Not approved"),
        "payout_requested": _("Payment asked for"),
        "payout_retried": _("Payment tried again"),
        "paid": _("Paid"),
        "failed": _("Payment failed"),
        "declined": _("Fee declined"),
        "reopened": _("Opened again"),
        "voucher": _("Paid as a voucher"),
        "withdrawn": _("Withdrawn"),
        "partly_reversed": _("Part of the payment came back from Stripe"),
        "amount_changed": _("Amount changed"),
        "bank_refused": _("Their bank refused the money: new bank details asked for"),
        "bank_paid": _("Their bank took the money"),
    }.get(action, action)


def actor_words(actor: str, participant_id: str, staff: dict[str, str] | None = None) -> str:
    """Who did it: you, the participant, Chorus, Stripe, or a colleague by name."""
    me = current_staff()
    if me is not None and actor == me.id:
        return _("You")
    if actor == participant_id:
        return _("The participant")
    named = {"system": _("Chorus, from attendance"), "stripe": _("Stripe")}
    return named.get(actor) or (staff or {}).get(actor) or _("Name not known")


def name_words(name: str | None) -> str:
    """A participant's or an activity's name; never their id."""
    return name or _("Name not known")


def failure_words(code: str | None) -> str:
    known = {
        "transfer.failed": _("The bank or Stripe refused the payment."),
        "transfer.reversed": _("Stripe took the payment back."),
        "transfer.canceled": _("The payment was cancelled at Stripe."),
        "balance_insufficient": _("There was not enough money in our Stripe balance."),
        # Stripe's payout failure codes: their bank refused what Stripe paid out.
        "account_closed": _("Their bank account is closed."),
        "no_account": _("Their bank could not find this account."),
        "invalid_account_number": _("The account number is wrong."),
        "account_frozen": _("Their bank account is frozen."),
    }
    if not code:
        return _("We do not know why.")
    return known.get(code) or _("Stripe said: %(code)s", code=code)


def category_words(category: str) -> str:
    return {
        "mileage": _("Mileage"),
        "public_transport": _("Bus, train or tram fares"),
        "taxi": _("Taxi"),
        "parking": _("Parking"),
        "care_cover": _("Carer or childcare cover"),
        "data_device": _("Phone data or a device"),
        "overnight": _("Overnight stay"),
    }.get(category, category)


def for_words(row: dict[str, Any]) -> str:
    """What the money is for: their time, or which expenses."""
    if not row["expense"]:
        return _("Fee for their time")
    kinds = ", ".join(category_words(c) for c in row["categories"])
    return _("Expenses: %(kinds)s", kinds=kinds) if kinds else _("Expenses")


def refusal_words(exc: ApprovalRefused, action: str) -> str:
    """The domain's refusal as plain words; an unknown one is shown as the domain says it."""
    if exc.conflict:
        return _("Someone has already dealt with this claim. This page shows where it is now.")
    known = {
        MARKED: (
            _(
                "You marked the register this fee was made from, so another coordinator must "
                "approve it."
            )
            if action == "approve"
            else _(
                "You marked the register this fee was made from, so someone else must decide on it."
            )
        ),
        CHANGED: _("You changed the amount, so another coordinator must approve it."),
        "A coordinator changes the amount.": _("Only a coordinator can change the amount."),
        "An expense claim's amount comes from its receipts.": _(
            "An expense claim's amount comes from what they spent, so it cannot be changed here."
        ),
        "Say why the amount changes, in 400 characters or fewer.": _(
            "Say why in 400 characters or fewer."
        ),
        "Enter a new amount from 1p to £1,000.": _(
            "Enter a new amount from 1p to £1,000, different from the one now."
        ),
        ENTERED: (
            _("You entered this claim, so someone else must approve it.")
            if action == "approve"
            else _("You entered this claim, so someone else must decide on it.")
        ),
        "Nobody decides on a payment to themselves.": _("You cannot decide on a payment to you."),
        "Nobody pays out a claim paying themselves.": _("You cannot pay a claim that pays you."),
        "Nobody pays out a fee from a register they marked.": _(
            "You marked the register this fee was made from, so someone else must pay it."
        ),
        "Nobody pays out a claim whose amount they changed.": _(
            "You changed the amount, so someone else must pay it."
        ),
        "Nobody pays out a claim they created or one paying themselves.": _(
            "You cannot pay a claim you entered or one that pays you."
        ),
        "Claims above the limit need a finance approver too.": _("This needs a finance approver."),
        "A second person must give the finance approval.": _(
            "You gave the first approval, so a different person must give the finance approval."
        ),
        "A coordinator approves a claim first.": _("A coordinator must approve this first."),
    }
    return known.get(exc.message, exc.message)


def claim_title(row: dict[str, Any], day: str | None) -> str:
    """The claim page's title: whose it is and what it is for, never an id."""
    name, activity = name_words(row["participant_name"]), name_words(row["activity_title"])
    if row["expense"]:
        if day:
            return _("%(name)s: expenses for %(activity)s, %(day)s", name=name,
                     activity=activity, day=day)  # fmt: skip
        return _("%(name)s: expenses for %(activity)s", name=name, activity=activity)
    if day:
        return _("%(name)s: fee for %(activity)s, %(day)s", name=name, activity=activity, day=day)
    return _("%(name)s: fee for %(activity)s", name=name, activity=activity)


def made_words(row: dict[str, Any], day: str | None, staff: dict[str, str] | None) -> str:
    """Who made a fee from the register: Chorus, from the register someone marked."""
    activity = name_words(row["activity_title"])
    for_what = _("%(activity)s on %(day)s", activity=activity, day=day) if day else activity
    me = current_staff()
    if row["created_by"] == SYSTEM:  # older attendance events did not say who marked it
        return _("Made by Chorus from the register for %(session)s", session=for_what)
    if me is not None and row["created_by"] == me.id:
        return _("Made by Chorus from the register for %(session)s, which you marked",
                 session=for_what)  # fmt: skip
    who = (staff or {}).get(row["created_by"]) or _("Name not known")
    return _("Made by Chorus from the register for %(session)s, marked by %(name)s",
             session=for_what, name=who)  # fmt: skip


def _money(pence: int) -> str:
    return uk_money(pence, select_language())


def amount_words(register: dict[str, Any]) -> str:
    """How a fee from the register was worked out, so a part-attended fee says why."""
    minutes, length, rate = register["minutes"], register["length"], _money(register["rate"])
    preparation, outcome, kind = register["preparation"], register["outcome"], register["kind"]
    per = {"hour": _("%(rate)s an hour", rate=rate), "session": _("%(rate)s a session", rate=rate),
           "day": _("%(rate)s a day", rate=rate)}[kind]  # fmt: skip
    if outcome == "partly_attended" and kind != "hour":
        # Policy (policy.py amount_for): part of a session or day is paid pro rata by minutes.
        return _("They were there for %(minutes)s of %(length)s minutes, so they are paid "
                 "that share of %(per)s.", minutes=minutes, length=length, per=per)  # fmt: skip
    if outcome == "partly_attended":
        return _("They were there for %(minutes)s of %(length)s minutes, paid at %(per)s, "
                 "with %(preparation)s minutes for preparing.", minutes=minutes, length=length,
                 per=per, preparation=preparation)  # fmt: skip
    if outcome == "excused":
        return _("They could not come, and this activity pays for a late cancellation: %(per)s.",
                 per=per)  # fmt: skip
    if kind == "hour":
        return _("They were there for the whole %(length)s minutes, paid at %(per)s, with "
                 "%(preparation)s minutes for preparing.", length=length, per=per,
                 preparation=preparation)  # fmt: skip
    return _("They were there for the whole session: %(per)s.", per=per)


def change_words(reason: str | None) -> str:
    """An audit row's "before:after:why" as "From £25.00 to £18.75: why"."""
    before, after, why = (reason or "::").split(":", 2)
    if not (before.isdigit() and after.isdigit()):
        return reason or ""
    return _("From %(before)s to %(after)s: %(why)s", before=_money(int(before)),
             after=_money(int(after)), why=why)  # fmt: skip
