from dataclasses import dataclass

from cadencia.campaigns.models import Campaign


@dataclass(frozen=True)
class Progress:
    objective: int | None
    contacts_total: int


def campaign_progress(campaign: Campaign) -> Progress:
    """What the campaign page counts today; calls and dispositions join when the console lands."""
    database = campaign.contact_database
    total = database.contacts.count() if database is not None else 0
    return Progress(objective=campaign.objective, contacts_total=total)
