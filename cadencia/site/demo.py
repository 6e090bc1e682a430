"""Demo projects and resources: the default project (simplified security) with every demo user,
a schedule, a notification template, a small contact database, a user group, a management
form, pause reasons, an external site, a SIP trunk with an outbound route, one active campaign
of each type (the inbound one also opens the site) and three recorded calls of the agent with
their management dispositions (``demo_audit`` then decides on two of them)."""

import tempfile
from datetime import timedelta
from pathlib import Path

from django.test import override_settings
from django.utils import timezone

from cadencia.accounts.models import User
from cadencia.campaigns.choices import CampaignType, Interaction
from cadencia.campaigns.integrations import external_site_save
from cadencia.campaigns.models import Campaign, ExternalSite, Form, PauseReason
from cadencia.campaigns.services import (
    OptionData,
    campaign_options_save,
    campaign_parameters_save,
    campaign_people_save,
    campaign_transition,
    form_save,
    pause_reason_save,
)
from cadencia.console.models import Call
from cadencia.console.services.agents import agent_state_request, session_start
from cadencia.console.services.calls import call_dial
from cadencia.console.services.dispositions import DispositionData, disposition_submit
from cadencia.contacts.choices import DuplicateKey, DuplicatePolicy
from cadencia.contacts.importing.phones import PhonePolicy
from cadencia.contacts.importing.validate import Mapping
from cadencia.contacts.models import Contact, ContactDatabase
from cadencia.contacts.services import (
    ImportOptions,
    contact_database_save,
    contact_import_execute,
    contact_import_validate,
    contact_save,
)
from cadencia.projects.models import Project, UserGroup
from cadencia.projects.services import membership_add, project_default, user_group_save
from cadencia.resources.choices import NotificationChannel
from cadencia.resources.models import NotificationTemplate, Schedule
from cadencia.resources.services import notification_template_save, schedule_save
from cadencia.telephony.connectors import connector, sink
from cadencia.telephony.connectors.base import HangupCause, HungUp
from cadencia.telephony.connectors.simulator import SimulatorConnector
from cadencia.telephony.models import OutboundRoute, SipTrunk
from cadencia.telephony.services import outbound_route_save, sip_trunk_save

WEEKDAYS = {str(day): [["09:00", "18:00"]] for day in range(5)}


def load(*, users: list[User]) -> Project:
    project = project_default()
    for user in users:
        membership_add(project=project, user=user)
    admin = next(u for u in users if u.username == "admin")
    if not Schedule.objects.filter(name="Office hours").exists():
        schedule_save(
            schedule=Schedule(
                name="Office hours",
                description="Monday to Friday, 9 to 18.",
                time_zone="America/Argentina/Buenos_Aires",
                weekly_hours=WEEKDAYS,
                exceptions=[{"date": "2026-12-25", "hours": [], "note": "Christmas"}],
            ),
            project_ids={project.pk},
            user=admin,
        )
    if not NotificationTemplate.objects.filter(name="Callback reminder").exists():
        notification_template_save(
            template=NotificationTemplate(
                name="Callback reminder",
                channel=NotificationChannel.SMS,
                body="Hola {contact_name}, {agent_name} le llamará el {date} a las {time}.",
            ),
            project_ids={project.pk},
            user=admin,
        )
    _load_contacts(project, admin)
    _load_groups(project, users, admin)
    _load_campaigns(project, users, admin)
    return project


SALE_FORM = [
    {
        "key": "plan",
        "label": "Plan",
        "type": "choice",
        "required": True,
        "choices": ["Básico", "Premium"],
    },
    {"key": "cuotas", "label": "Cuotas", "type": "number", "required": True, "min": 1, "max": 24},
    {"key": "inicio", "label": "Fecha de inicio", "type": "date", "required": True},
    {"key": "email", "label": "E-mail", "type": "email"},
    {"key": "acepta", "label": "Acepta términos", "type": "yes_no", "required": True},
    {"key": "notas", "label": "Notas", "type": "long_text", "max": 500},
]
DEMO_CAMPAIGNS = [
    ("Cobranzas manual", CampaignType.MANUAL),
    ("Cobranzas preview", CampaignType.PREVIEW),
    ("Cobranzas dialer", CampaignType.DIALER),
    ("Atención entrante", CampaignType.INBOUND),
]


def _load_campaigns(project: Project, users: list[User], admin: User) -> None:
    if Form.objects.filter(name="Venta").exists():
        return
    for name, productive in (("Almuerzo", False), ("Capacitación", True)):
        reason = PauseReason(name=name, productive=productive)
        pause_reason_save(reason=reason, project_ids={project.pk}, user=admin)
    form = Form(name="Venta", description="Alta de un plan.")
    form_save(form=form, project_ids={project.pk}, fields=SALE_FORM, user=admin)
    database = ContactDatabase.objects.get(name="Demo debtors")
    schedule = Schedule.objects.get(name="Office hours")
    agents = [u for u in users if u.role and u.role.builtin == "agent"]
    supervisors = [u for u in users if u.role and u.role.builtin == "supervisor"]
    site = ExternalSite(
        name="CRM del cliente",
        url_template="https://crm.example.com/ficha?tel={contact.phone}&agente={agent.username}",
    )
    external_site_save(site=site, project_ids={project.pk}, user=admin)
    trunk = SipTrunk(name="Carrier demo", host="sip.carrier.example", username="cadencia")
    demo_secret = "demo-secret"  # noqa: S105 - a demo trunk that dials nowhere
    sip_trunk_save(trunk=trunk, project_ids={project.pk}, password=demo_secret, user=admin)
    route = OutboundRoute(name="Argentina")
    outbound_route_save(
        route=route,
        project_ids={project.pk},
        patterns=[
            {"pattern": "0ZXXXXXXXXX", "strip": 1, "prepend": "+54"},
            {"pattern": "+54.", "strip": 0, "prepend": ""},
        ],
        trunks=[trunk],
        user=admin,
    )
    for name, campaign_type in DEMO_CAMPAIGNS:
        inbound = campaign_type == CampaignType.INBOUND
        campaign = campaign_parameters_save(
            campaign=Campaign(
                name=name,
                type=campaign_type,
                interaction=Interaction.BOTH if inbound else Interaction.FORM,
                external_site=site if inbound else None,
                outbound_route=None if inbound else route,
                contact_database=database,
                schedule=schedule,
                objective=50,
                script="Hola {nombre} {apellido}, le llamo de parte de Cadencia. ¿Tiene un minuto?",
            ),
            project_ids={project.pk},
            user=admin,
        )
        campaign_options_save(
            campaign=campaign,
            options=[
                OptionData(name="Venta", kind="management", form=form, positive=True),
                OptionData(name="No interesado", kind="no_action"),
                OptionData(name="Volver a llamar", kind="callback"),
            ],
        )
        campaign_people_save(campaign=campaign, agents=agents, supervisors=supervisors)
        campaign_transition(campaign=campaign, state="active")


def _load_groups(project: Project, users: list[User], admin: User) -> None:
    if UserGroup.objects.filter(name="Front line").exists():
        return
    front_line = [u for u in users if u.role and u.role.builtin in {"agent", "supervisor"}]
    user_group_save(
        group=UserGroup(name="Front line", description="Agents and their supervisors."),
        project_ids={project.pk},
        member_ids={u.pk for u in front_line},
        user=admin,
    )


DEMO_CONTACTS = [
    ("C-1001", ["(0351) 15-621-9387"], {"nombre": "Ana", "apellido": "Pérez", "deuda": 1200.5}),
    (
        "C-1002",
        ["351 621 9390", "+54 9 351 621-9391"],
        {"nombre": "Luis", "apellido": "Gómez", "deuda": 300},
    ),
    ("C-1003", ["(011) 15-4321-8765"], {"nombre": "Sofía", "apellido": "Díaz", "deuda": 0}),
]


def _load_contacts(project: Project, admin: User) -> None:
    if ContactDatabase.objects.filter(name="Demo debtors").exists():
        return
    database = contact_database_save(
        database=ContactDatabase(
            name="Demo debtors",
            default_region="AR",
            columns=[
                {"name": "nombre", "type": "text"},
                {"name": "apellido", "type": "text"},
                {"name": "deuda", "type": "number"},
            ],
        ),
        project_ids={project.pk},
        user=admin,
    )
    for external_id, phones, fields in DEMO_CONTACTS:
        contact_save(
            contact=Contact(database=database),
            phones=phones,
            fields=fields,
            external_id=external_id,
        )
    _import_local_numbers(database, admin)


# A client list with local numbers and an extension, imported keeping them as dialed: the
# contacts list shows them "unverified", the import's report counts them apart.
LOCAL_LIST = (
    "nombre,apellido,telefono,cliente\n"
    "Bar El Gaucho,,456-7890,C-2001\n"
    "Central Córdoba,,int. 204,C-2002\n"
    "Marta,Ruiz,(0351) 15-621-9400,C-2003\n"
)


def _import_local_numbers(database: ContactDatabase, admin: User) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "locales.csv"
        path.write_text(LOCAL_LIST, encoding="utf-8")
        checked = contact_import_validate(
            database=database,
            path=path,
            filename="locales.csv",
            options=ImportOptions(
                mapping=Mapping(["telefono"], "cliente", phone_policy=PhonePolicy.KEEP),
                duplicates=DuplicatePolicy.SKIP,
                duplicate_key=DuplicateKey.EXTERNAL_ID,
            ),
            user=admin,
        )
        contact_import_execute(contact_import=checked)


DEMO_CUSTOMER = {
    "answer_rate": 1.0,
    "ring_seconds": (0, 0),
    "talk_seconds": (45, 45),
    "customer_hangs_up_rate": 1.0,
    "seed": 5,
}


def load_calls(*, users: list[User]) -> None:
    """Recorded manual calls of the demo agent with management dispositions: My dispositions
    shows them with their recordings, and the audit queue has them to decide."""
    if Call.objects.exists():
        return
    agent = next(u for u in users if u.username == "agent")
    campaign = Campaign.objects.get(name="Cobranzas manual")
    with override_settings(TELEPHONY_SIMULATOR=DEMO_CUSTOMER):
        session_start(agent=agent, campaigns=[campaign])
        for external_id, answers, notes in DEMO_MANAGEMENTS:
            contact = Contact.objects.get(external_id=external_id)
            _managed_call(agent, campaign, contact, answers, notes)
        # Sofía asks to be called back tomorrow at 11: the calendar shows it.
        tomorrow = timezone.localtime() + timedelta(days=1)
        callback = DispositionData(
            option=campaign.options.get(name="Volver a llamar"),
            notes="Prefiere que la llamen mañana.",
            callback_at=tomorrow.replace(hour=11, minute=0, second=0, microsecond=0),
        )
        _managed_call(agent, campaign, Contact.objects.get(external_id="C-1003"), data=callback)
        agent_state_request(agent=agent, state="offline")


DEMO_MANAGEMENTS = [
    (
        "C-1001",
        {"plan": "Premium", "cuotas": 12, "inicio": "2027-01-10", "acepta": True},
        "Acepta el plan Premium en 12 cuotas.",
    ),
    (
        "C-1002",
        {"plan": "Básico", "cuotas": 6, "inicio": "2027-02-01", "acepta": True},
        "Paga en 6 cuotas; confirma por correo.",
    ),
    (
        "C-1003",
        {"plan": "Premium", "cuotas": 3, "inicio": "2026-12-15", "acepta": True},
        "Cancela la deuda en 3 cuotas.",
    ),
]


def _managed_call(
    agent: User,
    campaign: Campaign,
    contact: Contact,
    answers: dict[str, object] | None = None,
    notes: str = "",
    data: DispositionData | None = None,
) -> None:
    """Dial ``contact``, let the simulated customer answer and talk, then record a sale (or
    the disposition ``data``)."""
    call = call_dial(agent=agent, campaign=campaign, number=contact.phones[0], contact=contact)
    phone_system = connector()
    if isinstance(phone_system, SimulatorConnector):
        phone_system.run_due()
        phone_system.run_due()
        phone_system.run_due(timezone.now() + timedelta(seconds=46))
    call.refresh_from_db()
    if call.state != "ended":
        # Loaded inside an outer transaction (tests): the call was never placed.
        sink().report(HungUp(ref=call.ref, at=timezone.now(), cause=HangupCause.FAILED))
        call.refresh_from_db()
    if call.answered_at is None:
        return
    sale = DispositionData(
        option=campaign.options.get(name="Venta"), answers=answers or {}, notes=notes
    )
    disposition_submit(agent=agent, calls=[call], data=data or sale)
