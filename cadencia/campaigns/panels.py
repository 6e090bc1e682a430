"""Parts that apps above campaigns add to the campaign page (the console adds the progress of
calls and dispositions): a URL name taking the campaign's id, and the event types after which
the part is fetched again. Registered in the app's ``ready()``; campaigns imports none of them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class CampaignPanel:
    url_name: str
    refresh_on: str  # event types, space-separated


CAMPAIGN_PANELS: list[CampaignPanel] = []


def register_campaign_panel(url_name: str, *, refresh_on: str) -> None:
    if all(p.url_name != url_name for p in CAMPAIGN_PANELS):
        CAMPAIGN_PANELS.append(CampaignPanel(url_name, refresh_on))
