from django.urls import path

from cadencia.console import views

app_name = "console"

urlpatterns = [
    path("", views.ConsolePage.as_view(), name="console"),
    path("panel/", views.ConsolePanel.as_view(), name="panel"),
    path("calls-panel/", views.CallsPanel.as_view(), name="calls_panel"),
    path("state/", views.StateAction.as_view(), name="state"),
    path("match/", views.MatchFragment.as_view(), name="match"),
    path("dial/", views.DialAction.as_view(), name="dial"),
    path("contacts/<int:pk>/call/", views.ClickToCall.as_view(), name="click_to_call"),
    path("contacts/", views.ContactCreateAction.as_view(), name="contact_create"),
    path("contacts/<int:pk>/fields/", views.ContactFieldsAction.as_view(), name="contact_fields"),
    path("calls/<int:pk>/disposition/", views.DispositionAction.as_view(), name="disposition"),
    path("calls/<int:pk>/draft/", views.DraftAction.as_view(), name="draft"),
    path("calls/<int:pk>/<str:action>/", views.CallAction.as_view(), name="call_action"),
    path("dispositions/", views.MyDispositions.as_view(), name="my_dispositions"),
    path("recordings/<int:pk>/", views.RecordingFile.as_view(), name="recording"),
    path("supervision/", views.Supervision.as_view(), name="supervision"),
    path("inject/", views.InjectCall.as_view(), name="inject"),
    path(
        "campaigns/<int:pk>/progress/",
        views.CampaignProgressPart.as_view(),
        name="campaign_progress",
    ),
]
