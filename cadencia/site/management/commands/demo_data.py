from typing import Any

from django.core.management.base import CommandParser
from django.db import transaction
from django.utils import translation

from cadencia.accounts import demo as accounts_demo
from cadencia.core.management.base import ScopedCommand
from cadencia.site import demo as site_demo
from cadencia.site import demo_audit, demo_crm


class Command(ScopedCommand):
    help = "Load the demo data (idempotent) and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the logins.")

    def handle_scoped(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            users = accounts_demo.load()
            project = site_demo.load(users=users)
        # After the commit: the call is placed once its records are committed, as in production.
        site_demo.load_calls(users=users)
        demo_audit.load_audit(users=users)
        # The demo agents write in Spanish: their comments' charge lines too.
        with transaction.atomic(), translation.override("es"):
            demo_crm.load_crm(users=users, project=project)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready in project “{project}”."))
        if options["quiet_logins"]:
            return
        self.stdout.write("Demo logins (user / password / role):")
        for demo in accounts_demo.DEMO_USERS:
            self.stdout.write(f"  {demo.username:<12} {demo.password:<22} {demo.role.label}")
