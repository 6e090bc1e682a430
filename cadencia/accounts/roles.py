"""Default permissions of the built-in roles.

Administrators always receive every permission (re-applied after each migration so new models
are included). The other built-in roles get each default once (``Role.defaults_granted``) and
stay editable: a default added by a later release reaches existing installations.
"""

from cadencia.accounts.choices import BuiltinRole


def _crud(label: str, *actions: str) -> list[str]:
    app_label, model = label.split(".")
    return [f"{app_label}.{action}_{model}" for action in actions]


# What everyone who takes or follows calls does in the CRM: tickets, their actions, comments.
CRM_WORK = [
    "contacts.view_company",
    *_crud("crm.ticket", "view", "add", "change"),
    *_crud("crm.ticketaction", "add", "change"),
    "crm.add_comment",
    "crm.add_attachment",
    "crm.view_smsmessage",
    "crm.add_smsmessage",
]

DEFAULT_PERMISSIONS: dict[str, list[str]] = {
    BuiltinRole.MANAGER: [
        *_crud("accounts.user", "view", "add", "change"),
        "accounts.view_role",
        *_crud("resources.schedule", "view", "add", "change", "delete"),
        *_crud("resources.notificationtemplate", "view", "add", "change", "delete"),
        *_crud("contacts.contactdatabase", "view", "add", "change", "delete"),
        *_crud("contacts.contact", "view", "add", "change", "delete"),
        "projects.view_project",
        "projects.list_projects",
        "projects.manage_project_access",
        "projects.manage_projects",
        "core.view_changelogentry",
        *_crud("projects.usergroup", "view", "add", "change", "delete"),
        *_crud("campaigns.campaign", "view", "add", "change", "delete"),
        *_crud("campaigns.form", "view", "add", "change", "delete"),
        *_crud("campaigns.pausereason", "view", "add", "change", "delete"),
        *_crud("campaigns.externalsite", "view", "add", "change", "delete"),
        *_crud("campaigns.externalsystem", "view", "add", "change", "delete"),
        *_crud("telephony.outboundroute", "view", "add", "change", "delete"),
        "telephony.view_siptrunk",
        "console.supervise_agents",
        "console.inject_call",
        "console.view_call",
        "audits.audit_dispositions",
        *_crud("contacts.company", "view", "add", "change", "delete"),
        *_crud("crm.ticket", "view", "add", "change", "delete"),
        *_crud("crm.ticketaction", "add", "change"),
        "crm.add_comment",
        "crm.add_attachment",
        "crm.view_smsmessage",
        "crm.add_smsmessage",
        *_crud("crm.actiontype", "view", "add", "change", "delete"),
        *_crud("crm.crmsettings", "view", "add", "change", "delete"),
    ],
    BuiltinRole.SUPERVISOR: [
        "accounts.view_user",
        "contacts.view_contactdatabase",
        "contacts.view_contact",
        "resources.view_schedule",
        "resources.view_notificationtemplate",
        "projects.view_project",
        "core.view_changelogentry",
        "projects.view_usergroup",
        "campaigns.view_campaign",
        # A supervisor turns a contact search into a campaign ("call these contacts").
        "campaigns.add_campaign",
        "campaigns.change_campaign",
        "contacts.add_contactdatabase",
        "campaigns.view_form",
        "campaigns.view_pausereason",
        "console.supervise_agents",
        "console.inject_call",
        "console.view_call",
        *CRM_WORK,
    ],
    BuiltinRole.AUDITOR: [
        "projects.view_project",
        "campaigns.view_campaign",
        "campaigns.view_form",
        "audits.audit_dispositions",
    ],
    BuiltinRole.AGENT: ["console.use_console", *CRM_WORK],
}
