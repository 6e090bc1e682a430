"""REST API v1 routes (session or token authentication)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from cadencia.accounts.api.views import RoleViewSet, TokenView
from cadencia.audits.api import views as audit_api
from cadencia.campaigns.api.views import (
    CampaignViewSet,
    ExternalSiteViewSet,
    ExternalSystemViewSet,
    FormViewSet,
    PauseReasonViewSet,
)
from cadencia.console.api.external import ClickToCallView, ExternalDispositionView
from cadencia.console.api.views import (
    CallActionView,
    ConsoleSessionView,
    ConsoleStateView,
    DialView,
    InjectView,
    MyDispositionsView,
)
from cadencia.contacts.api.imports import ContactImportViewSet
from cadencia.contacts.api.views import CompanyViewSet, ContactDatabaseViewSet, ContactViewSet
from cadencia.core import export_api
from cadencia.core.api_views import ChangeLogViewSet
from cadencia.crm.api import searches as crm_search_api
from cadencia.crm.api import tickets as crm_api
from cadencia.crm.api.views import ActionTypeViewSet, CrmSettingsViewSet
from cadencia.projects.api.views import (
    MembershipViewSet,
    ProjectViewSet,
    SecuritySettingsView,
    UserGroupViewSet,
)
from cadencia.resources.api.views import NotificationTemplateViewSet, ScheduleViewSet
from cadencia.telephony.api.views import OutboundRouteViewSet, SipTrunkViewSet

router = DefaultRouter()
router.register("projects", ProjectViewSet, basename="project")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("user-groups", UserGroupViewSet, basename="usergroup")
router.register("roles", RoleViewSet, basename="role")
router.register("schedules", ScheduleViewSet, basename="schedule")
router.register(
    "notification-templates", NotificationTemplateViewSet, basename="notificationtemplate"
)
router.register("contact-databases", ContactDatabaseViewSet, basename="contactdatabase")
router.register("companies", CompanyViewSet, basename="company")
router.register("action-types", ActionTypeViewSet, basename="actiontype")
router.register("crm-settings", CrmSettingsViewSet, basename="crmsettings")
router.register("contacts", ContactViewSet, basename="contact")
router.register("contact-imports", ContactImportViewSet, basename="contactimport")
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("forms", FormViewSet, basename="form")
router.register("pause-reasons", PauseReasonViewSet, basename="pausereason")
router.register("external-sites", ExternalSiteViewSet, basename="externalsite")
router.register("external-systems", ExternalSystemViewSet, basename="externalsystem")
router.register("sip-trunks", SipTrunkViewSet, basename="siptrunk")
router.register("outbound-routes", OutboundRouteViewSet, basename="outboundroute")
router.register("changelog", ChangeLogViewSet, basename="changelog")

urlpatterns = [
    path("token/", TokenView.as_view(), name="api-token"),
    path("security/", SecuritySettingsView.as_view(), name="security-list"),
    path("console/", ConsoleStateView.as_view(), name="console-state"),
    path("console/session/", ConsoleSessionView.as_view(), name="console-session"),
    path("console/dial/", DialView.as_view(), name="console-dial"),
    path("console/calls/<int:pk>/", CallActionView.as_view(), name="console-call-action"),
    path("console/dispositions/", MyDispositionsView.as_view(), name="console-dispositions"),
    path("console/inbound/", InjectView.as_view(), name="console-inbound"),
    path("audit/items/", audit_api.QueueView.as_view(), name="audit-items"),
    path("audit/items/<int:pk>/", audit_api.ItemView.as_view(), name="audit-item"),
    path("audit/items/<int:pk>/decision/", audit_api.DecisionView.as_view(), name="audit-decision"),
    path("audit/items/<int:pk>/claim/", audit_api.ClaimView.as_view(), name="audit-claim"),
    path(
        "audit/items/<int:pk>/recordings/<int:recording>/",
        audit_api.RecordingView.as_view(),
        name="audit-recording",
    ),
    path(
        "audit/campaigns/<int:pk>/scorecard/",
        audit_api.ScorecardView.as_view(),
        name="audit-scorecard",
    ),
    path("audit/exports/", audit_api.ExportsView.as_view(), name="audit-exports"),
    path("audit/exports/<int:pk>/", audit_api.ExportView.as_view(), name="audit-export"),
    path(
        "audit/exports/<int:pk>/file/", audit_api.ExportFileView.as_view(), name="audit-export-file"
    ),
    path("crm/tickets/", crm_search_api.TicketsView.as_view(), name="crm-tickets"),
    path("crm/actions/", crm_search_api.ActionSearchView.as_view(), name="crm-actions"),
    path("crm/calls/", crm_search_api.HistoryView.as_view(), name="crm-calls"),
    path("exports/", export_api.ExportsView.as_view(), name="exports"),
    path("exports/<int:pk>/", export_api.ExportView.as_view(), name="export"),
    path("exports/<int:pk>/file/", export_api.ExportFileView.as_view(), name="export-file"),
    path("crm/tickets/<int:pk>/", crm_api.TicketView.as_view(), name="crm-ticket"),
    path(
        "crm/tickets/<int:pk>/actions/",
        crm_api.TicketActionsView.as_view(),
        name="crm-ticket-actions",
    ),
    path("crm/actions/<int:pk>/", crm_api.ActionView.as_view(), name="crm-action"),
    path(
        "crm/actions/<int:pk>/comments/",
        crm_api.ActionCommentsView.as_view(),
        name="crm-action-comments",
    ),
    path(
        "crm/calls/<int:pk>/comments/", crm_api.CallCommentsView.as_view(), name="crm-call-comments"
    ),
    path("crm/sms/", crm_api.SmsView.as_view(), name="crm-sms"),
    path("external/click-to-call/", ClickToCallView.as_view(), name="external-click-to-call"),
    path("external/dispositions/", ExternalDispositionView.as_view(), name="external-dispositions"),
    *router.urls,
]
