from typing import Any

import factory
from factory.django import DjangoModelFactory

from cadencia.projects.models import Project, UserGroup
from cadencia.projects.testing import MultiProjectFactory


class ProjectFactory(DjangoModelFactory[Project]):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"Project {n}")
    description = factory.Faker("sentence")


class UserGroupFactory(MultiProjectFactory):
    class Meta:
        model = UserGroup

    name = factory.Sequence(lambda n: f"Team {n}")

    @factory.post_generation
    def members(obj: UserGroup, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            obj.members.set(extracted)
