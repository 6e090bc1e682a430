from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

# Swagger UI adds style elements of its own: allowed on its page only (scripts stay 'self').
api_docs = csp_update({"style-src": [UNSAFE_INLINE]})(
    SpectacularSwaggerSplitView.as_view(url_name="api-schema")
)

urlpatterns = [
    path("", include("cadencia.site.urls")),
    path("", include("cadencia.core.urls")),
    path("accounts/", include("cadencia.accounts.urls")),
    path("projects/", include("cadencia.projects.urls")),
    path("resources/", include("cadencia.resources.urls")),
    path("contacts/", include("cadencia.contacts.urls")),
    path("campaigns/", include("cadencia.campaigns.urls")),
    path("telephony/", include("cadencia.telephony.urls")),
    path("console/", include("cadencia.console.urls")),
    path("audits/", include("cadencia.audits.urls")),
    path("crm/", include("cadencia.crm.urls")),
    path("api/v1/", include("cadencia.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("admin/", admin.site.urls),
]
