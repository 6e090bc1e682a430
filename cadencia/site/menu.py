"""The main menu. Apps add entries here as their pages land."""

from django.utils.translation import gettext_lazy as _

from cadencia.core.navigation import NavItem

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
    NavItem("tickets", _("Tickets"), "crm:ticket_list", ("crm.view_ticket",)),
    NavItem("actions", _("Actions"), "crm:action_search", ("crm.view_ticket",)),
    NavItem("calendar", _("Calendar"), "crm:calendar", ("crm.view_ticket",)),
    NavItem(
        "history",
        _("Call history"),
        "crm:history",
        ("console.view_call", "console.use_console"),
    ),
    NavItem("contact_search", _("Contacts"), "contacts:contact_list", ("contacts.view_contact",)),
    NavItem(
        "projects",
        _("Projects"),
        "projects:list",
        ("projects.view_project", "projects.list_projects"),
        enhanced_only=True,
    ),
    NavItem(
        "contacts",
        _("Contact databases"),
        "contacts:database_list",
        ("contacts.view_contactdatabase",),
    ),
    NavItem("companies", _("Companies"), "contacts:company_list", ("contacts.view_company",)),
    NavItem("action_types", _("Action types"), "crm:actiontype_list", ("crm.view_actiontype",)),
    NavItem("crm_settings", _("Call charges"), "crm:settings_list", ("crm.view_crmsettings",)),
    NavItem("campaigns", _("Campaigns"), "campaigns:campaign_list", ("campaigns.view_campaign",)),
    NavItem(
        "telephony",
        _("Telephony"),
        "telephony:route_list",
        ("telephony.view_outboundroute",),
    ),
    NavItem("schedules", _("Schedules"), "resources:schedule_list", ("resources.view_schedule",)),
    NavItem(
        "templates",
        _("Notification templates"),
        "resources:template_list",
        ("resources.view_notificationtemplate",),
    ),
    NavItem("users", _("Users"), "accounts:user_list", ("accounts.view_user",)),
    NavItem("groups", _("User groups"), "projects:group_list", ("projects.view_usergroup",)),
    NavItem("roles", _("Roles"), "accounts:role_list", ("accounts.view_role",)),
    NavItem("changelog", _("Change log"), "core:changelog", ("core.view_changelogentry",)),
    NavItem("security", _("Security"), "projects:security", ("projects.change_securitysettings",)),
    NavItem("admin", _("Administration"), "admin:index", staff_only=True),
)
