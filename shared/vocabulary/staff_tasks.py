"""Staff tasks: something a coordinator or finance approver must act on. Payments and
scheduling each publish their own kinds (on <producer>.staff-task); notifications emails them."""

from __future__ import annotations

from shared.vocabulary.payments import PAYMENTS_TASK_KINDS
from shared.vocabulary.scheduling import SCHEDULING_TASK_KINDS

STAFF_TASK_KINDS = PAYMENTS_TASK_KINDS + SCHEDULING_TASK_KINDS
STAFF_TASK_STATES = ("open", "done")
