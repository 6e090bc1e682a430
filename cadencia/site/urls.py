from django.urls import path

from cadencia.site import views

app_name = "site"

urlpatterns = [
    path("", views.Home.as_view(), name="home"),
]
