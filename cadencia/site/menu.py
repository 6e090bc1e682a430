"""The main menu. Apps add entries here as their pages land; entries of a group share a
drop-down (a user who may open only one of them sees it alone)."""

from django.utils.translation import gettext_lazy as _

from cadencia.core.navigation import NavItem

CRM = _("CRM")
SETUP = _("Setup")
PEOPLE = _("People")
CALLS = ("console.view_call", "console.use_console")

MAIN_MENU: tuple[NavItem, ...] = (
    NavItem("home", _("Home"), "site:home"),
    NavItem("console", _("Console"), "console:console", ("console.use_console",)),
    NavItem(
        "supervision",
        _("Agents live"),
        "console:supervision",
        ("console.supervise_agents",),
    ),
    NavItem("audit", _("Audit"), "audits:queue", ("audits.audit_dispositions",)),
    NavItem("tickets", _("Tickets"), "crm:ticket_list", ("crm.view_ticket",), group=CRM),
    NavItem("actions", _("Actions"), "crm:action_search", ("crm.view_ticket",), group=CRM),
    NavItem("calendar", _("Calendar"), "crm:calendar", ("crm.view_ticket",), group=CRM),
    NavItem("history", _("Call history"), "crm:history", CALLS, group=CRM),
    NavItem(
        "contact_search",
        _("Contacts"),
        "contacts:contact_list",
        ("contacts.view_contact",),
        group=CRM,
    ),
    NavItem(
        "companies",
        _("Companies"),
        "contacts:company_list",
        ("contacts.view_company",),
        group=CRM,
    ),
    NavItem(
        "projects",
        _("Projects"),
        "projects:list",
        ("projects.view_project", "projects.list_projects"),
        enhanced_only=True,
    ),
    NavItem(
        "campaigns",
        _("Campaigns"),
        "campaigns:campaign_list",
        ("campaigns.view_campaign",),
        group=SETUP,
    ),
    NavItem(
        "contacts",
        _("Contact databases"),
        "contacts:database_list",
        ("contacts.view_contactdatabase",),
        group=SETUP,
    ),
    NavItem(
        "action_types",
        _("Action types"),
        "crm:actiontype_list",
        ("crm.view_actiontype",),
        group=SETUP,
    ),
    NavItem(
        "crm_settings",
        _("Call charges"),
        "crm:settings_list",
        ("crm.view_crmsettings",),
        group=SETUP,
    ),
    NavItem(
        "telephony",
        _("Telephony"),
        "telephony:route_list",
        ("telephony.view_outboundroute",),
        group=SETUP,
    ),
    NavItem(
        "schedules",
        _("Schedules"),
        "resources:schedule_list",
        ("resources.view_schedule",),
        group=SETUP,
    ),
    NavItem(
        "templates",
        _("Notification templates"),
        "resources:template_list",
        ("resources.view_notificationtemplate",),
        group=SETUP,
    ),
    NavItem("users", _("Users"), "accounts:user_list", ("accounts.view_user",), group=PEOPLE),
    NavItem(
        "groups",
        _("User groups"),
        "projects:group_list",
        ("projects.view_usergroup",),
        group=PEOPLE,
    ),
    NavItem("roles", _("Roles"), "accounts:role_list", ("accounts.view_role",), group=PEOPLE),
    NavItem(
        "changelog",
        _("Change log"),
        "core:changelog",
        ("core.view_changelogentry",),
        group=PEOPLE,
    ),
    NavItem(
        "security",
        _("Security"),
        "projects:security",
        ("projects.change_securitysettings",),
        group=PEOPLE,
    ),
    NavItem("admin", _("Administration"), "admin:index", staff_only=True, group=PEOPLE),
)
