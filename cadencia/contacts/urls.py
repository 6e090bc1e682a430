from django.urls import path

from cadencia.contacts import contact_views, views
from cadencia.contacts.models import ContactDatabase
from cadencia.core.generic import crud_urls as crud

app_name = "contacts"

urlpatterns = [
    path("contacts/", contact_views.contact_list, name="contact_list"),
    path("contacts/export.csv", contact_views.contact_export, name="contact_export"),
    path("contacts/<int:pk>/", contact_views.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/edit/", contact_views.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/delete/", contact_views.contact_delete, name="contact_delete"),
    path(
        "databases/<int:database_pk>/contacts/add/",
        contact_views.contact_add,
        name="contact_add",
    ),
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
