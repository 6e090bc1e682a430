"""The console's clock: ends wrap-up times, and gives calls left too long without a
disposition the "no disposition" outcome."""

import time
from typing import Any

from django.core.management.base import CommandParser

from cadencia.console.services.agents import wrap_up_sweep
from cadencia.console.services.dispositions import pending_expire
from cadencia.core.management.base import ScopedCommand

EXPIRY_EVERY = 60.0


class Command(ScopedCommand):
    help = "End agents' wrap-up times and expire calls pending a disposition, until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--once", action="store_true", help="One round, then stop.")

    def handle_scoped(self, *args: Any, **options: Any) -> None:
        last_expiry = 0.0
        while True:
            wrap_up_sweep()
            if time.monotonic() - last_expiry >= EXPIRY_EVERY:
                expired = pending_expire()
                last_expiry = time.monotonic()
                if expired:
                    self.stdout.write(f"{expired} calls got no disposition.")
            if options["once"]:
                return
            time.sleep(1.0)
