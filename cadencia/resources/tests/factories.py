import factory

from cadencia.projects.testing import MultiProjectFactory
from cadencia.resources.choices import NotificationChannel
from cadencia.resources.models import NotificationTemplate, Schedule


class ScheduleFactory(MultiProjectFactory):
    class Meta:
        model = Schedule

    name = factory.Sequence(lambda n: f"Schedule {n}")
    time_zone = "America/Argentina/Cordoba"
    weekly_hours = factory.LazyFunction(lambda: {"0": [["09:00", "18:00"]]})


class NotificationTemplateFactory(MultiProjectFactory):
    class Meta:
        model = NotificationTemplate

    name = factory.Sequence(lambda n: f"Template {n}")
    channel = NotificationChannel.SMS
    body = "Hola {contact_name}"
