from typing import Any

import factory
from factory.django import DjangoModelFactory

from cadencia.projects.models import Project
from cadencia.projects.testing import MultiProjectFactory
from cadencia.telephony.models import OutboundRoute, RouteTrunk, SipTrunk


class SipTrunkFactory(MultiProjectFactory):
    class Meta:
        model = SipTrunk

    name = factory.Sequence(lambda n: f"Carrier {n}")
    host = "sip.example.net"


class OutboundRouteFactory(DjangoModelFactory[OutboundRoute]):
    class Meta:
        model = OutboundRoute
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Route {n}")
    patterns = [{"pattern": "0ZXXXXXXXXX", "strip": 1, "prepend": "+54"}]

    @factory.post_generation
    def trunks(obj: OutboundRoute, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create:
            return
        # A route always dials through at least one trunk: by default a carrier every project
        # shares, so a route can move between projects in the generated tests.
        trunks = extracted or [SipTrunkFactory.create(projects=list(Project.objects.all()))]
        for position, trunk in enumerate(trunks, 1):
            RouteTrunk.objects.create(route=obj, trunk=trunk, position=position)
