"""Payments's outbox relay process: python -m services.payments.entrypoints.relay"""

from shared.processes import relay_main

if __name__ == "__main__":
    relay_main("payments")
