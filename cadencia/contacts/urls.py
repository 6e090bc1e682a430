from django.urls import path

from cadencia.contacts import contact_views, import_views, views
from cadencia.contacts.models import ContactDatabase
from cadencia.core.generic import crud_urls as crud

app_name = "contacts"

urlpatterns = [
    path(
        "databases/<int:database_pk>/import/",
        import_views.import_upload,
        name="import_upload",
    ),
    path(
        "databases/<int:database_pk>/import/mapping/",
        import_views.import_mapping,
        name="import_mapping",
    ),
    path("imports/<int:pk>/", import_views.import_detail, name="import_detail"),
    path("imports/<int:pk>/start/", import_views.import_start, name="import_start"),
    path("imports/<int:pk>/cancel/", import_views.import_cancel, name="import_cancel"),
    path("imports/<int:pk>/retry/", import_views.import_retry, name="import_retry"),
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
