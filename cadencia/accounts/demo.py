"""Demo users, one per built-in role, with known passwords printed by `make run`."""

from dataclasses import dataclass

from cadencia.accounts.choices import BuiltinRole
from cadencia.accounts.models import Role, User
from cadencia.accounts.services import role_sync_builtin, user_create


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: BuiltinRole
    first_name: str
    last_name: str
    is_staff: bool = False


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "cadencia-admin", BuiltinRole.ADMINISTRATOR, "Ada", "Admin", is_staff=True),
    DemoUser("manager", "cadencia-manager", BuiltinRole.MANAGER, "Mario", "Manager"),
    DemoUser("supervisor", "cadencia-supervisor", BuiltinRole.SUPERVISOR, "Sofía", "Supervisor"),
    DemoUser("auditor", "cadencia-auditor", BuiltinRole.AUDITOR, "Aurora", "Auditor"),
    DemoUser("agent", "cadencia-agent", BuiltinRole.AGENT, "Andrés", "Agent"),
)


def load() -> list[User]:
    """Create the demo users that are missing; existing ones are left as they are."""
    role_sync_builtin()
    users = []
    for demo in DEMO_USERS:
        user = User.objects.filter(username=demo.username).first()
        if user is None:
            user = user_create(
                username=demo.username,
                password=demo.password,
                role=Role.objects.get(builtin=demo.role),
                first_name=demo.first_name,
                last_name=demo.last_name,
                is_staff=demo.is_staff,
            )
        users.append(user)
    return users
