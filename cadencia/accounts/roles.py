"""Default permissions of the built-in roles.

Administrators always receive every permission (re-applied after each migration so new models
are included). The other built-in roles get these defaults when first created and stay editable.
"""

from cadencia.accounts.choices import BuiltinRole

DEFAULT_PERMISSIONS: dict[str, list[str]] = {
    BuiltinRole.MANAGER: [
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_role",
        "projects.view_project",
        "projects.add_project",
        "projects.change_project",
    ],
    BuiltinRole.SUPERVISOR: ["accounts.view_user", "projects.view_project"],
    BuiltinRole.AUDITOR: ["projects.view_project"],
    BuiltinRole.AGENT: [],
}
