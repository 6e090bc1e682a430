"""Campaigns, their disposition options, management forms and pause reasons."""

from cadencia.campaigns.models.campaign import Campaign, DispositionOption
from cadencia.campaigns.models.form import Form, FormVersion
from cadencia.campaigns.models.integration import ExternalSite, ExternalSystem
from cadencia.campaigns.models.pause import PauseReason

__all__ = [
    "Campaign",
    "DispositionOption",
    "ExternalSite",
    "ExternalSystem",
    "Form",
    "FormVersion",
    "PauseReason",
]
