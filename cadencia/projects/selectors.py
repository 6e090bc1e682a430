from django.db.models import Count, QuerySet

from cadencia.accounts.models import User
from cadencia.projects.models import Project


def projects_of_user(*, user: User) -> QuerySet[Project]:
    return (
        Project.objects.filter(memberships__user=user)
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )
