from django.urls import path

from cadencia.core import views

app_name = "core"

urlpatterns = [
    path("healthz", views.HealthView.as_view(), name="healthz"),
    path("changelog/", views.ChangeLogList.as_view(), name="changelog"),
]
