from django.urls import path

from cadencia.contacts import views
from cadencia.contacts.models import ContactDatabase
from cadencia.core.generic import crud_urls as crud

app_name = "contacts"

urlpatterns = [
    *crud(
        "databases",
        "database",
        views.DatabaseList,
        views.DatabaseDetail,
        views.DatabaseEdit,
        views.DatabaseDelete,
        ContactDatabase,
        namespace="contacts",
    ),
]
