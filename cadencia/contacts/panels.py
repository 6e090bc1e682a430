"""Parts that apps above contacts add to the contact page (the CRM adds the contact's tickets):
a URL name taking the contact's id. Registered in the app's ``ready()``; contacts imports none
of them."""

CONTACT_PANELS: list[str] = []


def register_contact_panel(url_name: str) -> None:
    if url_name not in CONTACT_PANELS:
        CONTACT_PANELS.append(url_name)
