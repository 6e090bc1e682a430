"""The CRM's demo: two companies, the seed's action types (one with its form), a charge rate,
and tickets on the demo calls: one open with two actions of different types and a comment
e-mailed with the call's charges, one closed."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from cadencia.accounts.models import User
from cadencia.campaigns.models import Form
from cadencia.campaigns.services import form_save
from cadencia.console.models import Call
from cadencia.contacts.models import Company, Contact
from cadencia.contacts.services import company_save
from cadencia.crm import comments, services
from cadencia.crm.choices import ActionStatus, Priority
from cadencia.crm.models import ActionType, CrmSettings, Ticket
from cadencia.crm.sms.services import sms_deliver, sms_send, sms_simulate_reply
from cadencia.projects.models import Project

REPORT_FORM = [
    {
        "key": "servicio",
        "label": "Servicio",
        "type": "choice",
        "required": True,
        "choices": ["Internet", "Telefonía", "Central virtual"],
    },
    {"key": "desde", "label": "Sin servicio desde", "type": "date", "required": False},
]
ACTION_TYPES = ["Reporte CC", "Reporte problemas con telefonía", "Tutorial", "Vacaciones"]


def load_crm(*, users: list[User], project: Project) -> None:
    if Ticket.objects.exists():
        return
    admin = next(u for u in users if u.username == "admin")
    agent = next(u for u in users if u.username == "agent")
    acme = _company("Transportes del Sur S.A.", "30-71234567-8", project, admin)
    _company("Panadería La Espiga", "20-28765432-1", project, admin)
    Contact.objects.filter(external_id__in=["C-1001", "C-1002"]).update(company=acme)
    CrmSettings.objects.get_or_create(
        project=project,
        defaults={
            "charge_per_second": Decimal("10"),
            "currency": "col",
            "sms_number": "+5493510000000",
        },
    )
    form = Form.objects.filter(name="Reporte de falla").first() or form_save(
        form=Form(name="Reporte de falla"),
        project_ids={project.pk},
        fields=REPORT_FORM,
        user=admin,
    )
    types = {}
    for name in ACTION_TYPES:
        types[name], _created = ActionType.objects.get_or_create(
            project=project, name=name, defaults={"form": form if "telefonía" in name else None}
        )
    calls = {c.contact.external_id: c for c in Call.objects.select_related("contact") if c.contact}
    _tickets(agent, project, types, calls)
    _sms_thread(agent, project)
    supervisor = next((u for u in users if u.username == "supervisor"), admin)
    _calendar(agent, supervisor, project, types)


def _sms_thread(agent: User, project: Project) -> None:
    contact = Contact.objects.filter(external_id="C-1002").first()
    if contact is None or not contact.phones:
        return
    number = contact.phones[0]
    message = sms_send(
        user=agent, contact=contact, number=number, body="Hola, le escribo por el plan de pagos."
    )
    sms_deliver(message.pk)
    sms_simulate_reply(project_id=project.pk, number=number, body="Perfecto, mañana lo confirmo.")


def _company(name: str, tax_id: str, project: Project, admin: User) -> Company:
    company = Company(name=name, tax_id=tax_id, email="contacto@example.com")
    return company_save(company=company, project_ids={project.pk}, user=admin)


def _tickets(
    agent: User, project: Project, types: dict[str, ActionType], calls: dict[str, Call]
) -> None:
    call = calls.get("C-1002")
    ticket = services.ticket_open(
        project_id=project.pk,
        subject="Sin tono en la línea principal",
        description="El cliente reporta que la línea principal no tiene tono desde ayer.",
        user=agent,
        contact=call.contact if call else None,
        call=call,
        actions=[
            services.ActionData(
                types["Reporte problemas con telefonía"],
                "Reporte problemas con Servicio de Telefonía",
                assignee=agent,
                priority=Priority.HIGH,
                answers={"servicio": "Telefonía"},
            ),
            services.ActionData(types["Tutorial"], "Enviar tutorial de la central virtual"),
        ],
    )
    first = ticket.actions.order_by("pk").first()
    if first is not None and call is not None:
        comments.comment_add(
            user=agent,
            data=comments.CommentData(
                body="Se abrió el reporte con el área técnica.",
                cc="soporte@example.com",
                email_contact=bool(comments.contact_email(call.contact)),
                add_charges=True,
            ),
            action=first,
        )
    closed = services.ticket_open(
        project_id=project.pk,
        subject="Consulta de vacaciones del equipo",
        description="",
        user=agent,
        actions=[services.ActionData(types["Vacaciones"], "Cargar vacaciones de enero")],
    )
    for action in closed.actions.all():
        services.action_set_status(action=action, status=ActionStatus.DONE, user=agent)


WEEK = [
    # (day from today, hour, who, type, subject)
    (0, 16, "agent", "Tutorial", "Mostrar la central virtual a Transportes del Sur"),
    (1, 10, "agent", "Reporte CC", "Visita técnica: sin tono en la línea"),
    (1, 15, "supervisor", "Reporte CC", "Revisar reclamos abiertos con el área técnica"),
    (2, 9, "agent", "Reporte problemas con telefonía", "Confirmar reparación con el cliente"),
    (3, 12, "supervisor", "Vacaciones", "Aprobar vacaciones de enero"),
    (4, 11, "agent", "Tutorial", "Capacitación: nuevo plan de pagos"),
]


def _calendar(
    agent: User, supervisor: User, project: Project, types: dict[str, ActionType]
) -> None:
    """The demo week: actions with dates for the agent and the supervisor."""
    today = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    people = {"agent": agent, "supervisor": supervisor}
    contact = Contact.objects.filter(external_id="C-1001").first()
    for day, hour, who, kind, subject in WEEK:
        start = (today + timedelta(days=day)).replace(hour=hour)
        services.ticket_open(
            project_id=project.pk,
            subject=subject,
            description="",
            user=agent,
            contact=contact,
            actions=[
                services.ActionData(
                    types[kind],
                    subject,
                    assignee=people[who],
                    starts_at=start,
                    due_at=start + timedelta(hours=1),
                    answers={"servicio": "Telefonía"} if "telefonía" in kind else {},
                )
            ],
        )
