from typing import Any

import factory
from factory.django import DjangoModelFactory

from cadencia.resources.choices import NotificationChannel
from cadencia.resources.models import NotificationTemplate, Schedule


class _MultiProjectFactory(DjangoModelFactory[Any]):
    """``projects=[...]`` is required: a project-owned object always lives in a project."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def projects(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            obj.projects.set(extracted)


class ScheduleFactory(_MultiProjectFactory):
    class Meta:
        model = Schedule

    name = factory.Sequence(lambda n: f"Schedule {n}")
    time_zone = "America/Argentina/Cordoba"
    weekly_hours = factory.LazyFunction(lambda: {"0": [["09:00", "18:00"]]})


class NotificationTemplateFactory(_MultiProjectFactory):
    class Meta:
        model = NotificationTemplate

    name = factory.Sequence(lambda n: f"Template {n}")
    channel = NotificationChannel.SMS
    body = "Hola {contact_name}"
