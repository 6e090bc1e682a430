from django.db import transaction

from cadencia.accounts.models import User
from cadencia.projects.models import Membership, Project


def project_create(*, name: str, description: str = "") -> Project:
    with transaction.atomic():
        project = Project(name=name, description=description)
        project.full_clean()
        project.save()
    return project


def membership_add(*, project: Project, user: User) -> Membership:
    with transaction.atomic():
        membership, _created = Membership.objects.get_or_create(project=project, user=user)
    return membership
