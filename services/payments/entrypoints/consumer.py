"""Payments's consumer process: python -m services.payments.entrypoints.consumer

Attendance (scheduling.booking) becomes entitlements; staff sign-outs (recruitment.staff) reach
this service's pages; activities' offers (recruitment.activity) become payment policies, and
activity titles, participants' names (recruitment.contact) and staff names
(recruitment.staff-profile) are kept for the staff pages, and organisations
(recruitment.organisation); between polls, stalled payouts are sent again with their own keys.
"""

from services.payments.bootstrap import wire_consumer
from shared.processes import consumer_main

if __name__ == "__main__":
    consumer_main("payments", wire_consumer)
