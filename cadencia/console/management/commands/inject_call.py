"""Inject a simulated inbound call: ``manage.py inject_call --campaign NAME --caller NUMBER``."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser

from cadencia.campaigns.models import Campaign
from cadencia.console.services.calls import inbound_inject
from cadencia.core.management.base import ScopedCommand


class Command(ScopedCommand):
    help = "A simulated customer calls an inbound campaign."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--campaign", required=True, help="The inbound campaign's name.")
        parser.add_argument("--caller", required=True, help="The caller's number.")

    def handle_scoped(self, *args: Any, **options: Any) -> None:
        campaign = Campaign.objects.filter(name=options["campaign"]).first()
        if campaign is None:
            raise CommandError(f"No campaign named {options['campaign']!r}.")
        try:
            ref = inbound_inject(campaign=campaign, caller=options["caller"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Call {ref} waits in the queue of {campaign.name}.")
