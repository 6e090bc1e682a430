from django.urls import path

from cadencia.audits import redo_views, scorecard_views, views

app_name = "audits"

urlpatterns = [
    path("", views.Queue.as_view(), name="queue"),
    path("numbers/", views.NumbersPart.as_view(), name="numbers"),
    path("items/<int:pk>/", views.ItemDetail.as_view(), name="item"),
    path("items/<int:pk>/claim/", views.ClaimAction.as_view(), name="claim"),
    path(
        "items/<int:pk>/recordings/<int:recording>/",
        views.ItemRecording.as_view(),
        name="recording",
    ),
    path("export/", views.ExportAction.as_view(), name="export_start"),
    path("exports/<int:pk>/", views.ExportStatus.as_view(), name="export"),
    path("exports/<int:pk>/file/", views.ExportFile.as_view(), name="export_file"),
    path("redo/<int:pk>/", redo_views.Redo.as_view(), name="redo"),
    path(
        "campaigns/<int:pk>/scorecard/",
        scorecard_views.ScorecardEdit.as_view(),
        name="scorecard",
    ),
    path(
        "campaigns/<int:pk>/scorecard/part/",
        scorecard_views.ScorecardPart.as_view(),
        name="scorecard_part",
    ),
]
