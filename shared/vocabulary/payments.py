"""Payments' published vocabulary: how people choose to be paid, expense categories, budget
warnings, and payments' staff tasks."""

from __future__ import annotations

PAYOUT_CHOICES = ("bank", "voucher", "decline")
EXPENSE_CATEGORIES = (
    "mileage", "public_transport", "taxi", "parking", "care_cover", "data_device", "overnight",
)  # fmt: skip
BUDGET_THRESHOLDS = (80, 100)  # percent of an activity's budget, each announced once
PAYMENTS_TASK_KINDS = (
    "claim_needs_coordinator",  # a claim waits for a coordinator's approval
    "claim_needs_finance",  # approved once, waits for a different finance approver
    "budget_80",  # approved spend reached 80% of the activity's budget
    "budget_100",  # ... and 100%
)
