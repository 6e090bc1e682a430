from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from cadencia.core.api_auth import RequiresPermission
from cadencia.projects.api.ownership import OwnedObjectViewSet
from cadencia.telephony import services
from cadencia.telephony.api.serializers import (
    DialPreviewResultSerializer,
    DialPreviewSerializer,
    OutboundRouteSerializer,
    SipTrunkSerializer,
)
from cadencia.telephony.dialplan import dial_for
from cadencia.telephony.models import OutboundRoute, SipTrunk


class SipTrunkViewSet(OwnedObjectViewSet):
    model = SipTrunk
    serializer_class = SipTrunkSerializer
    filterset_fields = ["name", "host", "projects"]
    service_fields = frozenset({"password"})

    def get_queryset(self) -> Any:
        return SipTrunk.objects.prefetch_related("projects").order_by("pk")

    def save_object(self, obj: Any, project_ids: set[int]) -> None:
        services.sip_trunk_save(
            trunk=obj,
            project_ids=project_ids,
            password=self.validated.get("password"),
            user=self.acting_user(),
        )

    def perform_destroy(self, instance: SipTrunk) -> None:
        self.run_service(services.sip_trunk_delete, trunk=instance)


class OutboundRouteViewSet(OwnedObjectViewSet):
    model = OutboundRoute
    serializer_class = OutboundRouteSerializer
    filterset_fields = ["name", "project"]
    service_fields = frozenset({"patterns", "trunks"})

    def get_queryset(self) -> Any:
        return (
            OutboundRoute.objects.select_related("project")
            .prefetch_related("route_trunks__trunk")
            .order_by("pk")
        )

    def get_permissions(self) -> list[Any]:
        if self.action == "preview":
            return [IsAuthenticated(), RequiresPermission("telephony.view_outboundroute")]
        return list(super().get_permissions())

    def save_object(self, obj: Any, project_ids: set[int]) -> None:
        patterns = self.validated.get("patterns", obj.patterns)
        trunks = self.validated.get("trunks", obj.ordered_trunks() if obj.pk else [])
        services.outbound_route_save(
            route=obj,
            project_ids=project_ids,
            patterns=patterns,
            trunks=trunks,
            user=self.acting_user(),
        )

    def perform_destroy(self, instance: OutboundRoute) -> None:
        self.run_service(services.outbound_route_delete, route=instance)

    @extend_schema(request=DialPreviewSerializer, responses={200: DialPreviewResultSerializer})
    @action(detail=True, methods=["post"])
    def preview(self, request: Request, pk: str) -> Response:
        """Which pattern, number and trunks a call to ``number`` would use (nothing is dialed)."""
        route = self.get_object()
        data = DialPreviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        dial = dial_for(route.patterns, data.validated_data["number"])
        return Response(
            {
                "matched": dial is not None,
                "pattern": dial.pattern if dial else None,
                "number": dial.number if dial else None,
                "trunks": [t.pk for t in route.ordered_trunks()] if dial else [],
            }
        )
