import factory
from factory.django import DjangoModelFactory

from cadencia.projects.models import Project


class ProjectFactory(DjangoModelFactory[Project]):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"Project {n}")
    description = factory.Faker("sentence")
