"""A small contact center to test the console on: project A with a manual and an inbound
campaign (database, options with a form, pause reason, route), an agent and a supervisor;
project B with its own agent and campaign. Simulated customers always answer after a second
and never hang up first (tests hang up or advance the clock)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from cadencia.campaigns.choices import CampaignState, CampaignType
from cadencia.campaigns.models import Campaign, DispositionOption
from cadencia.campaigns.tests.factories import CampaignFactory, FormFactory, PauseReasonFactory
from cadencia.console.models import Call
from cadencia.console.services.agents import session_start
from cadencia.console.services.calls import call_dial, call_hang_up
from cadencia.contacts.models import Contact
from cadencia.contacts.tests.factories import ContactDatabaseFactory
from cadencia.projects.testing import TwoProjects, permissions_named
from cadencia.telephony.connectors import connector, reset
from cadencia.telephony.connectors.simulator import SimulatorConnector
from cadencia.telephony.tests.factories import OutboundRouteFactory, SipTrunkFactory

ALWAYS_ANSWERS = {
    "answer_rate": 1.0,
    "busy_rate": 0.0,
    "failed_rate": 0.0,
    "ring_seconds": (0, 0),
    "talk_seconds": (30, 30),
    "customer_hangs_up_rate": 0.0,
    "abandon_rate": 0.0,
    "seed": 1,
}
AGENT_PERMISSIONS = ("console.use_console",)
SUPERVISOR_PERMISSIONS = (
    "console.supervise_agents",
    "console.inject_call",
    "console.view_call",
    "campaigns.view_campaign",
)


def simulated_settings(settings: Any, tmp_path: Any) -> None:
    """Customers who always answer, and recordings in the test's own folder."""
    settings.TELEPHONY_SIMULATOR = ALWAYS_ANSWERS
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


def campaign_for(project: Any, *, type: str = CampaignType.MANUAL, **kwargs: Any) -> Campaign:
    database = kwargs.pop("database", None)
    if database is None and "contact_database" not in kwargs:
        database = ContactDatabaseFactory.create(
            projects=[project],
            columns=[{"name": "nombre", "type": "text"}, {"name": "secreto", "type": "text"}],
        )
    campaign = CampaignFactory.create(
        project=project,
        type=type,
        state=CampaignState.ACTIVE,
        contact_database=kwargs.pop("contact_database", database),
        wizard_step=3,
        **kwargs,
    )
    form = FormFactory.create(project=project)
    DispositionOption.objects.create(
        campaign=campaign, name="Sale", kind="management", form=form, positive=True, position=0
    )
    DispositionOption.objects.create(campaign=campaign, name="No interest", kind="no_action")
    DispositionOption.objects.create(campaign=campaign, name="Call back", kind="callback")
    return campaign


class ConsoleWorld(TwoProjects):
    def __init__(self) -> None:
        super().__init__()
        reset()
        self.agent = self.add_user("agent", self.a, permissions_named(*AGENT_PERMISSIONS))
        self.supervisor = self.add_user(
            "supervisor", self.a, permissions_named(*SUPERVISOR_PERMISSIONS)
        )
        self.agent_b = self.add_user("agent_b", self.b, permissions_named(*AGENT_PERMISSIONS))
        trunk = SipTrunkFactory.create(projects=[self.a])
        self.route = OutboundRouteFactory.create(
            project=self.a,
            trunks=[trunk],
            patterns=[
                {"pattern": "+54.", "strip": 0, "prepend": ""},
                {"pattern": "XXXXXXX", "strip": 0, "prepend": "351"},
            ],
        )
        self.manual = campaign_for(
            self.a,
            name="Sales",
            outbound_route=self.route,
            caller_id="3515550000",
            script="Hello {nombre}, calling from {campaign}.",
            hidden_columns=["secreto"],
            wrap_up_seconds=0,
        )
        self.database = self.manual.contact_database
        self.inbound = campaign_for(
            self.a,
            type=CampaignType.INBOUND,
            name="Help line",
            contact_database=self.database,
            wrap_up_seconds=5,
        )
        for campaign in (self.manual, self.inbound):
            campaign.agents.add(self.agent)
            campaign.supervisors.add(self.supervisor)
        self.pause = PauseReasonFactory.create(project=self.a, name="Lunch")
        self.ana = Contact.objects.create(
            database=self.database,
            phones=["+5493516219387"],
            fields={"nombre": "Ana", "secreto": "x"},
            external_id="C-1",
        )
        self.ana_too = Contact.objects.create(
            database=self.database,
            phones=["+5491140000000", "+5493516219387"],
            fields={"nombre": "Ana María"},
        )
        self.luis = Contact.objects.create(
            database=self.database, phones=["+5493516219390"], fields={"nombre": "Luis"}
        )
        self.campaign_b = campaign_for(self.b, name="B sales")
        self.campaign_b.agents.add(self.agent_b)

    @property
    def simulator(self) -> SimulatorConnector:
        phone_system = connector()
        assert isinstance(phone_system, SimulatorConnector)
        return phone_system

    def ended_call(self, committed: Any, contact: Any, agent: Any = None) -> Call:
        """A call of the manual campaign to ``contact``, answered and hung up by the agent."""
        agent = agent or self.agent
        with committed():
            if not agent.agent_sessions.filter(ended_at__isnull=True).exists():
                session_start(agent=agent, campaigns=[self.manual])
            call = call_dial(
                agent=agent, campaign=self.manual, number=contact.phones[0], contact=contact
            )
        with committed():
            self.advance(0)
            self.advance(0)
        with committed():
            call_hang_up(agent=agent, call=call)
        call.refresh_from_db()
        return call

    def advance(self, seconds: float) -> datetime:
        """Run the simulated world ``seconds`` from now."""
        at = timezone.now() + timedelta(seconds=seconds)
        self.simulator.run_due(at)
        return at
