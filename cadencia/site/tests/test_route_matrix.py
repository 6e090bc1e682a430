"""Generated over every URL route: anonymous → login redirect (pages) or 401 (API); signed in
without any permission → 403 (or 404 where the object is hidden). The meta-test fails when a
route is added without an entry in ARGS or PUBLIC/ANY_SIGNED_IN below."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from cadencia.audits.models import AuditExport, AuditItem
from cadencia.campaigns.models import DispositionOption
from cadencia.campaigns.tests.factories import (
    CampaignFactory,
    ExternalSiteFactory,
    ExternalSystemFactory,
    FormFactory,
    PauseReasonFactory,
)
from cadencia.console.models import Call, Disposition, Recording
from cadencia.contacts.models import Company, Contact, ContactImport
from cadencia.contacts.tests.factories import ContactDatabaseFactory
from cadencia.core.models import ChangeLogEntry, Export
from cadencia.core.routes import route_names
from cadencia.crm.models import ActionType, Attachment, CrmSettings, Ticket, TicketAction
from cadencia.projects.models import Membership, Project
from cadencia.projects.testing import TwoProjects
from cadencia.projects.tests.factories import UserGroupFactory
from cadencia.resources.tests.factories import NotificationTemplateFactory, ScheduleFactory
from cadencia.telephony.tests.factories import OutboundRouteFactory, SipTrunkFactory

# Routes anyone may open, with the reason.
PUBLIC = {
    "accounts:login": "the sign-in page",
    "accounts:language_set": "switches the language before signing in",
    "core:healthz": "health probe for load balancers",
    "api-token": "exchanges a password for a token",
    "api-schema": "OpenAPI description of the routes, no data",
    "api-docs": "interactive docs page, no data",
    "api-root": "list of API routes, no data",
    "crm:sms_webhook_inbound": "the SMS provider's call, refused (403) without its signature",
    "crm:sms_webhook_status": "the SMS provider's call, refused (403) without its signature",
    "crm:calendar_feed": "a calendar app's read: the secret in the address is the credential",
}
# Routes for a customer's system, authenticated by its own token: a user's token is refused (401).
SYSTEM_TOKEN_ONLY = {
    "external-click-to-call": "an external system's Bearer token only",
    "external-dispositions": "an external system's Bearer token only",
}
# Routes every signed-in user may open (their own account), with the reason.
ANY_SIGNED_IN = {
    "site:home": "home page",
    "accounts:logout": "sign out",
    "accounts:password_change": "own password",
    "accounts:preferences": "own language and time zone",
}


class World(TwoProjects):
    def __init__(self) -> None:
        super().__init__()
        self.project = self.a
        self.user = self.add_user("nobody", self.project)
        assert self.user.role is not None
        self.role = self.user.role
        self.membership = Membership.objects.get(user=self.user, project=self.project)
        self.schedule = ScheduleFactory.create(projects=[self.project])
        self.template = NotificationTemplateFactory.create(projects=[self.project])
        self.database = ContactDatabaseFactory.create(projects=[self.project])
        self.contact = Contact.objects.create(database=self.database, fields={})
        self.contact_import = ContactImport.objects.create(
            database=self.database,
            filename="x.csv",
            mode="append",
            duplicates="skip",
            duplicate_key="phone",
            status="validated",
        )
        self.group = UserGroupFactory.create(projects=[self.project], members=[self.user])
        self.campaign = CampaignFactory.create(project=self.project)
        self.form = FormFactory.create(project=self.project)
        self.pause = PauseReasonFactory.create(project=self.project)
        self.site = ExternalSiteFactory.create(project=self.project)
        self.system = ExternalSystemFactory.create(project=self.project)
        self.trunk = SipTrunkFactory.create(projects=[self.project])
        self.route = OutboundRouteFactory.create(project=self.project, trunks=[self.trunk])
        self.entry = ChangeLogEntry.objects.filter(projects=self.project).latest("pk")
        self.call = Call.objects.create(
            ref="matrix", project=self.project, campaign=self.campaign, direction="out",
            state="ended", number="+5493516219390", created_at=timezone.now(),
        )  # fmt: skip
        self.recording = Recording.objects.create(call=self.call, file="x.wav", seconds=1)
        option = DispositionOption.objects.create(campaign=self.campaign, name="Sale")
        disposition = Disposition.objects.create(
            project=self.project, campaign=self.campaign, contact=self.contact, agent=self.user,
            option=option,
        )  # fmt: skip
        self.item = AuditItem.objects.create(
            project=self.project, disposition=disposition, campaign=self.campaign,
            agent=self.user, contact=self.contact, managed_at=timezone.now(),
            updated_at=timezone.now(),
        )  # fmt: skip
        self.export = AuditExport.objects.create(requested_by=self.user, kind="csv")
        self.download = Export.objects.create(
            requested_by=self.user, source="crm.history", format="csv", status="done"
        )
        self.company = Company.objects.create(name="Acme")
        self.company.projects.set([self.project])
        self.action_type = ActionType.objects.create(project=self.project, name="Tutorial")
        self.crm_settings = CrmSettings.objects.create(project=self.project)
        self.ticket = Ticket.objects.create(project=self.project, subject="T", opened_by=self.user)
        self.action = TicketAction.objects.create(
            ticket=self.ticket, project=self.project, action_type=self.action_type,
            subject="S", created_by=self.user,
        )  # fmt: skip
        self.attachment = Attachment.objects.create(
            project=self.project, call=self.call, token="matrix", file="crm/x", name="x.pdf",
            content_type="application/pdf", size=1, uploaded_by=self.user,
        )  # fmt: skip


ARGS: dict[str, Callable[[World], list[Any]]] = {
    **{f"crm:{name}": (lambda w: [w.ticket.pk]) for name in ("ticket_detail", "ticket_edit")},
    "crm:action_add": lambda w: [w.ticket.pk, w.action_type.pk],
    **{f"crm:action_{name}": (lambda w: [w.action.pk]) for name in ("edit", "status", "comment")},
    **{f"crm:call_{name}": (lambda w: [w.call.pk]) for name in ("part", "comment", "attach")},
    "crm:attachment": lambda w: [w.attachment.pk],
    "actiontype-detail": lambda w: [w.action_type.pk],
    "crm-ticket": lambda w: [w.ticket.pk],
    "crm-ticket-actions": lambda w: [w.ticket.pk],
    "crm-action": lambda w: [w.action.pk],
    "crm-action-comments": lambda w: [w.action.pk],
    "crm-call-comments": lambda w: [w.call.pk],
    "company-detail": lambda w: [w.company.pk],
    "crmsettings-detail": lambda w: [w.crm_settings.pk],
    "crm:contact_part": lambda w: [w.contact.pk],
    **{
        f"crm:{name}": (lambda w: [w.contact.pk])
        for name in ("sms", "sms_part", "sms_send", "sms_simulate")
    },
    **{
        f"crm:actiontype_{page}": (lambda w: [w.action_type.pk])
        for page in ("changelog", "delete", "detail", "edit")
    },
    **{
        f"crm:settings_{page}": (lambda w: [w.crm_settings.pk])
        for page in ("changelog", "delete", "detail", "edit")
    },
    **{
        f"contacts:company_{page}": (lambda w: [w.company.pk])
        for page in ("changelog", "delete", "detail", "edit")
    },
    "audits:item": lambda w: [w.item.pk],
    "audits:claim": lambda w: [w.item.pk],
    "audits:redo": lambda w: [w.item.pk],
    "audits:recording": lambda w: [w.item.pk, w.recording.pk],
    "audits:export": lambda w: [w.export.pk],
    "core:export": lambda w: [w.download.pk],
    "export": lambda w: [w.download.pk],
    "export-file": lambda w: [w.download.pk],
    "core:export_file": lambda w: [w.download.pk],
    "crm:calendar_feed": lambda w: ["not-a-secret"],
    "audits:export_file": lambda w: [w.export.pk],
    "audits:scorecard": lambda w: [w.campaign.pk],
    "audits:scorecard_part": lambda w: [w.campaign.pk],
    "audit-item": lambda w: [w.item.pk],
    "audit-decision": lambda w: [w.item.pk],
    "audit-claim": lambda w: [w.item.pk],
    "audit-recording": lambda w: [w.item.pk, w.recording.pk],
    "audit-scorecard": lambda w: [w.campaign.pk],
    "audit-export": lambda w: [w.export.pk],
    "audit-export-file": lambda w: [w.export.pk],
    "console:call_action": lambda w: [w.call.pk, "hangup"],
    "console:disposition": lambda w: [w.call.pk],
    "console:contact_fields": lambda w: [w.contact.pk],
    "console:click_to_call": lambda w: [w.contact.pk],
    "console:campaign_progress": lambda w: [w.campaign.pk],
    "console:draft": lambda w: [w.call.pk],
    "console:recording": lambda w: [w.recording.pk],
    "console-call-action": lambda w: [w.call.pk],
    "accounts:role_edit": lambda w: [w.role.pk],
    "role-detail": lambda w: [w.role.pk],
    "changelog-detail": lambda w: [w.entry.pk],
    "membership-detail": lambda w: [w.membership.pk],
    "project-detail": lambda w: [w.project.pk],
    "schedule-detail": lambda w: [w.schedule.pk],
    "notificationtemplate-detail": lambda w: [w.template.pk],
    "contactdatabase-detail": lambda w: [w.database.pk],
    "contact-detail": lambda w: [w.contact.pk],
    "contactimport-detail": lambda w: [w.contact_import.pk],
    "contactimport-start": lambda w: [w.contact_import.pk],
    "contactimport-cancel": lambda w: [w.contact_import.pk],
    "contactimport-retry": lambda w: [w.contact_import.pk],
    "contacts:contact_add": lambda w: [w.database.pk],
    "contacts:import_upload": lambda w: [w.database.pk],
    "contacts:import_mapping": lambda w: [w.database.pk],
    **{
        f"contacts:import_{page}": (lambda w: [w.contact_import.pk])
        for page in ("detail", "start", "cancel", "retry")
    },
    **{
        f"contacts:contact_{page}": (lambda w: [w.contact.pk])
        for page in ("detail", "edit", "delete")
    },
    "projects:member_remove": lambda w: [w.project.pk, w.user.pk],
    "projects:group_remove": lambda w: [w.project.pk, w.group.pk],
    "usergroup-detail": lambda w: [w.group.pk],
    **{
        f"campaign-{name}": (lambda w: [w.campaign.pk])
        for name in (
            "detail",
            "options",
            "people",
            "transition",
            "save-as-template",
            "create-from-template",
        )
    },
    **{f"form-{name}": (lambda w: [w.form.pk]) for name in ("detail", "validate", "clone")},
    "pausereason-detail": lambda w: [w.pause.pk],
    "externalsite-detail": lambda w: [w.site.pk],
    "siptrunk-detail": lambda w: [w.trunk.pk],
    "outboundroute-detail": lambda w: [w.route.pk],
    "outboundroute-preview": lambda w: [w.route.pk],
    **{
        f"telephony:trunk_{page}": (lambda w: [w.trunk.pk])
        for page in ("changelog", "delete", "detail", "edit")
    },
    **{
        f"telephony:route_{page}": (lambda w: [w.route.pk])
        for page in ("changelog", "delete", "detail", "edit")
    },
    "externalsystem-detail": lambda w: [w.system.pk],
    "externalsystem-reset-token": lambda w: [w.system.pk],
    "campaigns:system_token_reset": lambda w: [w.system.pk],
    **{
        f"campaigns:site_{page}": (lambda w: [w.site.pk])
        for page in ("changelog", "delete", "detail", "edit")
    },
    **{
        f"campaigns:system_{page}": (lambda w: [w.system.pk])
        for page in ("changelog", "delete", "detail", "edit")
    },
    **{
        f"campaigns:campaign_{page}": (lambda w: [w.campaign.pk])
        for page in (
            "changelog",
            "delete",
            "detail",
            "edit",
            "options",
            "people",
            "transition",
            "save_template",
            "from_template",
        )
    },
    **{
        f"campaigns:form_{page}": (lambda w: [w.form.pk])
        for page in ("changelog", "delete", "detail", "edit", "clone")
    },
    **{
        f"campaigns:pause_{page}": (lambda w: [w.pause.pk])
        for page in ("changelog", "delete", "detail", "edit")
    },
    "usergroup-add-to-project": lambda w: [w.group.pk],
    "usergroup-remove-from-project": lambda w: [w.group.pk],
    **{
        f"projects:group_{page}": (lambda w: [w.group.pk])
        for page in ("changelog", "delete", "detail", "edit")
    },
    "projects:object_remove": lambda w: [w.project.pk, "resources.schedule", w.schedule.pk],
    **{
        f"projects:{name}": (lambda w: [w.project.pk])
        for name in (
            "changelog",
            "delete",
            "detail",
            "edit",
            "member_add",
            "object_add",
            "group_add",
        )
    },
    **{
        f"resources:schedule_{page}": (lambda w: [w.schedule.pk])
        for page in ("changelog", "delete", "detail", "edit")
    },
    **{
        f"resources:template_{page}": (lambda w: [w.template.pk])
        for page in ("changelog", "delete", "detail", "edit")
    },
    **{
        f"contacts:database_{page}": (lambda w: [w.database.pk])
        for page in ("changelog", "delete", "detail", "edit")
    },
}


def _routes() -> list[str]:
    return sorted(n for n in route_names() if not n.startswith("admin:"))


def _is_api(name: str) -> bool:
    return ":" not in name


def _url(world: World, name: str) -> str:
    return reverse(name, args=ARGS[name](world)) if name in ARGS else reverse(name)


@pytest.fixture
def world(db: None) -> World:
    return World()


@pytest.mark.parametrize("name", _routes())
def test_anonymous(world: World, name: str) -> None:
    if name in PUBLIC:
        return
    url = _url(world, name)
    for method in ("get", "post"):
        response = getattr(Client(), method)(url)
        if response.status_code == 405:
            continue
        if _is_api(name):
            assert response.status_code == 401, (name, method)
        else:
            assert response.status_code == 302, (name, method)
            assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", _routes())
def test_signed_in_without_permission(world: World, name: str) -> None:
    if name in PUBLIC or name in ANY_SIGNED_IN:
        return
    url = _url(world, name)
    if _is_api(name):
        token = Token.objects.create(user=world.user)
        client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    else:
        client = Client()
        client.force_login(world.user)
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        if response.status_code == 405:
            continue
        if name in SYSTEM_TOKEN_ONLY:
            assert response.status_code == 401, (name, method, response.status_code)
            continue
        assert response.status_code in (403, 404), (name, method, response.status_code)
    # Nothing was changed by the refused requests.
    assert Project.objects.filter(pk=world.project.pk).exists()
    assert Membership.objects.filter(pk=world.membership.pk).exists()


def test_every_route_has_arguments_or_needs_none() -> None:
    missing = []
    for name in _routes():
        if name in ARGS:
            continue
        try:
            reverse(name)
        except Exception:
            missing.append(name)
    assert missing == [], f"add URL arguments to ARGS for: {missing}"
