from django.urls import path

from cadencia.core import export_views, views

app_name = "core"

urlpatterns = [
    path("healthz", views.HealthView.as_view(), name="healthz"),
    path("changelog/", views.ChangeLogList.as_view(), name="changelog"),
    path("exports/new/", export_views.ExportStart.as_view(), name="export_start"),
    path("exports/<int:pk>/", export_views.ExportStatus.as_view(), name="export"),
    path("exports/<int:pk>/file/", export_views.ExportFile.as_view(), name="export_file"),
]
