from dataclasses import dataclass

from cadencia.campaigns.models import Campaign


@dataclass(frozen=True)
class Progress:
    objective: int | None
    contacts_total: int


def campaign_progress(campaign: Campaign) -> Progress:
    """What campaigns know of a campaign's progress; the console adds calls and dispositions
    (``console.selectors.campaign_progress``, a live part of the page)."""
    database = campaign.contact_database
    total = database.contacts.count() if database is not None else 0
    return Progress(objective=campaign.objective, contacts_total=total)


def option_names() -> list[str]:
    """The names of the disposition options of the campaigns in the active scope (the contact
    search filters by the name of a contact's last disposition)."""
    from cadencia.campaigns.models import DispositionOption

    names = DispositionOption.objects.order_by().values_list("name", flat=True).distinct()
    return list(names[:500])
