from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from cadencia.accounts.models import User
from cadencia.core import generic
from cadencia.telephony import services
from cadencia.telephony.dialplan import dial_for
from cadencia.telephony.forms import DialPreviewForm, OutboundRouteForm, SipTrunkForm
from cadencia.telephony.models import OutboundRoute, SipTrunk


class TrunkMixin:
    model: type[models.Model] = SipTrunk
    url_prefix = "telephony:trunk"


class TrunkList(TrunkMixin, generic.ObjectListView):
    columns = [("name", _("Name")), ("host", _("Host")), ("get_transport_display", _("Transport"))]


class TrunkDetail(TrunkMixin, generic.ObjectDetailView):
    fields = [
        ("host", _("Host")),
        ("port", _("Port")),
        ("get_transport_display", _("Transport")),
        ("username", _("User name")),
        ("password_state", _("Password")),
        ("register", _("Register")),
        ("max_channels", _("Maximum channels")),
    ]


class TrunkEdit(TrunkMixin, generic.ObjectEditView):
    form_class = SipTrunkForm

    def perform_save(self, obj: SipTrunk, *, project_ids: set[int], user: User) -> None:
        services.sip_trunk_save(
            trunk=obj, project_ids=project_ids, password=self.bound_form.new_password(), user=user
        )


class TrunkDelete(TrunkMixin, generic.ObjectDeleteView):
    def perform_delete(self, obj: SipTrunk) -> None:
        services.sip_trunk_delete(trunk=obj)


class RouteMixin:
    model: type[models.Model] = OutboundRoute
    url_prefix = "telephony:route"


class RouteList(RouteMixin, generic.ObjectListView):
    template_name = "telephony/outboundroute_list.html"
    columns = [("name", _("Name"))]


class RouteDetail(RouteMixin, generic.ObjectDetailView):
    template_name = "telephony/outboundroute_detail.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        form = DialPreviewForm(self.request.GET or None)
        dial = dial_for(obj.patterns, form.cleaned_data["number"]) if form.is_valid() else None
        return {"trunks": obj.ordered_trunks(), "preview_form": form, "dial": dial}


class RouteEdit(RouteMixin, generic.ObjectEditView):
    form_class = OutboundRouteForm

    def perform_save(self, obj: OutboundRoute, *, project_ids: set[int], user: User) -> None:
        form = self.bound_form
        services.outbound_route_save(
            route=obj,
            project_ids=project_ids,
            patterns=form.rules(),
            trunks=form.trunks(),
            user=user,
        )


class RouteDelete(RouteMixin, generic.ObjectDeleteView):
    def perform_delete(self, obj: OutboundRoute) -> None:
        services.outbound_route_delete(route=obj)
