from cadencia.accounts.models import User
from cadencia.projects.models import Project
from cadencia.projects.services import membership_add, project_create

DEMO_PROJECT = "Demo Contact Center"


def load(*, users: list[User]) -> Project:
    project = Project.objects.filter(name=DEMO_PROJECT).first() or project_create(
        name=DEMO_PROJECT, description="Demo project with one user of each built-in role."
    )
    for user in users:
        membership_add(project=project, user=user)
    return project
