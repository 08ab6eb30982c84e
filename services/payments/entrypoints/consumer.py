"""Payments's consumer process: python -m services.payments.entrypoints.consumer

So far it only keeps staff sign-outs (recruitment.staff) so that "sign out everywhere" reaches
this service's pages; its own events arrive with the payments issue.
"""

from shared.entrypoints import consumer_main, staff_sessions_wiring

if __name__ == "__main__":
    consumer_main("payments", lambda _settings, engine: staff_sessions_wiring("payments", engine))
