from django.urls import path

from cadencia.core import views

app_name = "core"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("changelog/", views.changelog_list, name="changelog"),
]
