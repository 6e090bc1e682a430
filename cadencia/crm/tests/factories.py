import factory
from factory.django import DjangoModelFactory

from cadencia.crm.models import ActionType


class ActionTypeFactory(DjangoModelFactory[ActionType]):
    class Meta:
        model = ActionType

    name = factory.Sequence(lambda n: f"Action type {n}")
