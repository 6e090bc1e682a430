"""Run the simulated world's clock: customers answer, talk, hang up; queues offer calls."""

import time
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import OperationalError

from cadencia.core.management.base import ScopedCommand
from cadencia.telephony.connectors import connector
from cadencia.telephony.connectors.simulator import SimulatorConnector


class Command(ScopedCommand):
    help = "Run the telephony simulator (the embedded default phone system) until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--interval", type=float, default=0.2, help="Seconds between ticks.")
        parser.add_argument("--once", action="store_true", help="One tick, then stop.")

    def handle_scoped(self, *args: Any, **options: Any) -> None:
        phone_system = connector()
        if not isinstance(phone_system, SimulatorConnector):
            raise CommandError("The phone system in use is not the simulator.")
        self.stdout.write("Telephony simulator running.")
        while True:
            try:
                phone_system.run_due()
            except OperationalError as exc:  # a busy database: the next tick tries again
                self.stderr.write(f"Simulator tick failed: {exc}")
            if options["once"]:
                return
            time.sleep(options["interval"])
