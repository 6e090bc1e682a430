from django.urls import path

from cadencia.campaigns import contacts_views, views
from cadencia.campaigns.models import Campaign, ExternalSite, ExternalSystem, Form, PauseReason
from cadencia.core.generic import crud_urls

app_name = "campaigns"

urlpatterns = [
    path(
        "campaigns/from-contacts/",
        contacts_views.CampaignFromContacts.as_view(),
        name="campaign_from_contacts",
    ),
    path("campaigns/<int:pk>/options/", views.CampaignOptions.as_view(), name="campaign_options"),
    path("campaigns/<int:pk>/people/", views.CampaignPeople.as_view(), name="campaign_people"),
    path(
        "campaigns/<int:pk>/state/",
        views.CampaignTransition.as_view(),
        name="campaign_transition",
    ),
    path(
        "campaigns/<int:pk>/save-as-template/",
        views.CampaignCopy.as_view(as_template=True),
        name="campaign_save_template",
    ),
    path(
        "campaigns/<int:pk>/new-from-template/",
        views.CampaignCopy.as_view(as_template=False),
        name="campaign_from_template",
    ),
    path("forms/<int:pk>/clone/", views.FormClone.as_view(), name="form_clone"),
    path(
        "external-systems/<int:pk>/token/",
        views.ExternalSystemTokenReset.as_view(),
        name="system_token_reset",
    ),
    *crud_urls(
        "campaigns",
        "campaign",
        views.CampaignList,
        views.CampaignDetail,
        views.CampaignEdit,
        views.CampaignDelete,
        Campaign,
        namespace="campaigns",
    ),
    *crud_urls(
        "forms",
        "form",
        views.FormList,
        views.FormDetail,
        views.FormEdit,
        views.FormDelete,
        Form,
        namespace="campaigns",
    ),
    *crud_urls(
        "pause-reasons",
        "pause",
        views.PauseReasonList,
        views.PauseReasonDetail,
        views.PauseReasonEdit,
        views.PauseReasonDelete,
        PauseReason,
        namespace="campaigns",
    ),
    *crud_urls(
        "external-sites",
        "site",
        views.ExternalSiteList,
        views.ExternalSiteDetail,
        views.ExternalSiteEdit,
        views.ExternalSiteDelete,
        ExternalSite,
        namespace="campaigns",
    ),
    *crud_urls(
        "external-systems",
        "system",
        views.ExternalSystemList,
        views.ExternalSystemDetail,
        views.ExternalSystemEdit,
        views.ExternalSystemDelete,
        ExternalSystem,
        namespace="campaigns",
    ),
]
