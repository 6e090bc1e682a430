from cadencia.core.generic import crud_urls
from cadencia.telephony import views
from cadencia.telephony.models import OutboundRoute, SipTrunk

app_name = "telephony"

urlpatterns = [
    *crud_urls(
        "trunks",
        "trunk",
        views.TrunkList,
        views.TrunkDetail,
        views.TrunkEdit,
        views.TrunkDelete,
        SipTrunk,
        namespace="telephony",
    ),
    *crud_urls(
        "routes",
        "route",
        views.RouteList,
        views.RouteDetail,
        views.RouteEdit,
        views.RouteDelete,
        OutboundRoute,
        namespace="telephony",
    ),
]
