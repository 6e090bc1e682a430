from django.urls import path

from cadencia.core.generic import crud_urls as crud
from cadencia.crm import calendar_views, call_views, search_views, setup_views, views
from cadencia.crm.models import ActionType, CrmSettings
from cadencia.crm.sms import views as sms_views

app_name = "crm"

urlpatterns = [
    path("tickets/", search_views.TicketSearch.as_view(), name="ticket_list"),
    path("actions/", search_views.ActionSearch.as_view(), name="action_search"),
    path("history/", search_views.CallHistory.as_view(), name="history"),
    path("calendar/", calendar_views.CalendarPage.as_view(), name="calendar"),
    path("calendar/items/", calendar_views.CalendarItems.as_view(), name="calendar_items"),
    path("calendar/move/", calendar_views.CalendarMove.as_view(), name="calendar_move"),
    path("calendar/feed/new/", calendar_views.FeedCreate.as_view(), name="calendar_feed_new"),
    path("calendar/feed/revoke/", calendar_views.FeedRevoke.as_view(), name="calendar_feed_revoke"),
    path("calendar/<str:token>.ics", calendar_views.Feed.as_view(), name="calendar_feed"),
    path("tickets/new/", views.TicketNew.as_view(), name="ticket_new"),
    path("tickets/<int:pk>/", views.TicketDetail.as_view(), name="ticket_detail"),
    path("tickets/<int:pk>/edit/", views.TicketEdit.as_view(), name="ticket_edit"),
    path(
        "tickets/<int:pk>/actions/<int:type_pk>/add/",
        views.ActionAdd.as_view(),
        name="action_add",
    ),
    path("actions/<int:pk>/edit/", views.ActionEdit.as_view(), name="action_edit"),
    path("actions/<int:pk>/status/", views.ActionStatusSet.as_view(), name="action_status"),
    path("actions/<int:pk>/comments/", views.ActionComment.as_view(), name="action_comment"),
    path("calls/<int:pk>/", call_views.CallPart.as_view(), name="call_part"),
    path("calls/<int:pk>/comments/", call_views.CallComment.as_view(), name="call_comment"),
    path("calls/<int:pk>/attachments/", call_views.CallAttach.as_view(), name="call_attach"),
    path("attachments/<int:pk>/", call_views.AttachmentFile.as_view(), name="attachment"),
    path("contacts/<int:pk>/", call_views.ContactPart.as_view(), name="contact_part"),
    path("sms/notice/", sms_views.Notice.as_view(), name="sms_notice"),
    path("sms/<int:pk>/", sms_views.Conversation.as_view(), name="sms"),
    path("sms/<int:pk>/messages/", sms_views.ConversationPart.as_view(), name="sms_part"),
    path("sms/<int:pk>/send/", sms_views.Send.as_view(), name="sms_send"),
    path("sms/<int:pk>/simulate/", sms_views.SimulateReply.as_view(), name="sms_simulate"),
    path(
        "sms/webhook/inbound/",
        sms_views.Webhook.as_view(kind="inbound"),
        name="sms_webhook_inbound",
    ),
    path(
        "sms/webhook/status/", sms_views.Webhook.as_view(kind="status"), name="sms_webhook_status"
    ),
    *crud(
        "action-types",
        "actiontype",
        setup_views.ActionTypeList,
        setup_views.ActionTypeDetail,
        setup_views.ActionTypeEdit,
        setup_views.ActionTypeDelete,
        ActionType,
        namespace="crm",
    ),
    *crud(
        "settings",
        "settings",
        setup_views.SettingsList,
        setup_views.SettingsDetail,
        setup_views.SettingsEdit,
        setup_views.SettingsDelete,
        CrmSettings,
        namespace="crm",
    ),
]
