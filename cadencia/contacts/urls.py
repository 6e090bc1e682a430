from django.urls import path

from cadencia.contacts import contact_views, import_views, views
from cadencia.contacts.models import Company, ContactDatabase
from cadencia.core.generic import crud_urls as crud

app_name = "contacts"

urlpatterns = [
    path(
        "databases/<int:database_pk>/import/",
        import_views.ImportUpload.as_view(),
        name="import_upload",
    ),
    path(
        "databases/<int:database_pk>/import/mapping/",
        import_views.ImportMapping.as_view(),
        name="import_mapping",
    ),
    path("imports/<int:pk>/", import_views.ImportDetail.as_view(), name="import_detail"),
    path("imports/<int:pk>/start/", import_views.ImportStart.as_view(), name="import_start"),
    path("imports/<int:pk>/cancel/", import_views.ImportCancel.as_view(), name="import_cancel"),
    path("imports/<int:pk>/retry/", import_views.ImportRetry.as_view(), name="import_retry"),
    path("contacts/", contact_views.ContactList.as_view(), name="contact_list"),
    path("contacts/<int:pk>/", contact_views.ContactDetail.as_view(), name="contact_detail"),
    path("contacts/<int:pk>/edit/", contact_views.ContactEdit.as_view(), name="contact_edit"),
    path("contacts/<int:pk>/delete/", contact_views.ContactDelete.as_view(), name="contact_delete"),
    path(
        "databases/<int:database_pk>/contacts/add/",
        contact_views.ContactAdd.as_view(),
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
    *crud(
        "companies",
        "company",
        views.CompanyList,
        views.CompanyDetail,
        views.CompanyEdit,
        views.CompanyDelete,
        Company,
        namespace="contacts",
    ),
]
