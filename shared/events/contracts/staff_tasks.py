"""The shape of a staff task, which payments and scheduling each publish on their own topic
(PaymentsStaffTask, SchedulingStaffTask); not registered itself."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from shared.vocabulary.recruitment import STAFF_ROLES
from shared.vocabulary.staff_tasks import STAFF_TASK_KINDS, STAFF_TASK_STATES

# Staff tasks: something a coordinator or finance approver must act on, for notifications'
# digest and immediate emails. Each owner publishes its own on its own compacted topic, keyed by
# task id, so the latest state ("open" or "done") of every task survives compaction. Ids, counts
# and pence only: no participant is named or identified (the page at `path` shows who).


class StaffTaskV1(Schema):
    task_id = fields.UUID(required=True)  # stable per kind and subject (uuid5), so states replace
    kind = fields.String(required=True, validate=validate.OneOf(STAFF_TASK_KINDS))
    state = fields.String(required=True, validate=validate.OneOf(STAFF_TASK_STATES))
    activity_id = fields.UUID(required=True)
    roles = fields.List(
        fields.String(validate=validate.OneOf(STAFF_ROLES)),
        required=True,
        validate=validate.Length(min=1),
    )  # who may act on it
    path = fields.String(
        required=True, validate=validate.Regexp(r"^/[A-Za-z0-9/_\-.?=&]{0,299}$")
    )  # the page where it is done, on the public address
    urgent = fields.Boolean(required=True)  # email the people who must act now, not only daily
    # Staff who must not act on it (four eyes: whoever created or is paid by the claim).
    not_for_staff_ids = fields.List(fields.UUID(), load_default=list)
    amount_pence = fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(min=0)
    )
    budget_pence = fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(min=0)
    )
    booked = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0))
    minimum = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0))
    starts_at = fields.AwareDateTime(load_default=None, allow_none=True)  # the session's time
    changed_at = fields.AwareDateTime(required=True)
