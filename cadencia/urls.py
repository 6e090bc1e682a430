from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("cadencia.core.urls")),
    path("accounts/", include("cadencia.accounts.urls")),
    path("admin/", admin.site.urls),
]
