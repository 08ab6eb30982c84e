"""Scheduling's consumer process: python -m services.scheduling.entrypoints.consumer

So far it only keeps staff sign-outs (recruitment.staff) so that "sign out everywhere" reaches
this service's pages; its own events arrive with the scheduling issue.
"""

from shared.entrypoints import consumer_main, staff_sessions_wiring

if __name__ == "__main__":
    consumer_main(
        "scheduling", lambda _settings, engine: staff_sessions_wiring("scheduling", engine)
    )
