from typing import Any

import factory
from factory.django import DjangoModelFactory

from cadencia.campaigns.choices import CampaignType
from cadencia.campaigns.models import (
    Campaign,
    ExternalSite,
    ExternalSystem,
    Form,
    FormVersion,
    PauseReason,
)

SURVEY = [
    {
        "key": "product",
        "label": "Product",
        "type": "choice",
        "required": True,
        "choices": ["A", "B"],
    },
    {"key": "amount", "label": "Amount", "type": "number", "required": False, "min": 1, "max": 100},
]


class CampaignFactory(DjangoModelFactory[Campaign]):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"Campaign {n}")
    type = CampaignType.MANUAL


class FormFactory(DjangoModelFactory[Form]):
    class Meta:
        model = Form
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Form {n}")

    @factory.post_generation
    def fields(obj: Form, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            FormVersion.objects.create(form=obj, number=1, fields=extracted or SURVEY)


class PauseReasonFactory(DjangoModelFactory[PauseReason]):
    class Meta:
        model = PauseReason

    name = factory.Sequence(lambda n: f"Pause {n}")


class ExternalSiteFactory(DjangoModelFactory[ExternalSite]):
    class Meta:
        model = ExternalSite

    name = factory.Sequence(lambda n: f"CRM {n}")
    url_template = "https://crm.example.com/client?phone={contact.phone}&agent={agent.username}"


class ExternalSystemFactory(DjangoModelFactory[ExternalSystem]):
    class Meta:
        model = ExternalSystem

    name = factory.Sequence(lambda n: f"System {n}")
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    token_prefix = "test"
