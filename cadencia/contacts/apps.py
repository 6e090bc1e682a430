from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "cadencia.contacts"
    label = "contacts"
    verbose_name = _("Contacts")

    def ready(self) -> None:
        from cadencia.contacts import (
            events,  # noqa: F401 - registers the event types
            export,  # noqa: F401 - registers the download
        )
        from cadencia.contacts.models import Company, Contact, ContactDatabase, ContactImport
        from cadencia.contacts.row_actions import RowAction, register_row_action
        from cadencia.contacts.watch import contact_import_watch
        from cadencia.core.changelog import track
        from cadencia.core.consumers import register_watch
        from cadencia.core.history import register_verb

        register_watch("contact_import", contact_import_watch)
        register_row_action(
            RowAction(
                "info",
                _("Contact"),
                lambda pk: reverse("contacts:contact_detail", args=[pk]),
                "contacts.view_contact",
            )
        )
        register_verb("contacts.import.process_died", _("Import stopped: its process died"))
        register_verb("contacts.import.retried", _("Import retried"))

        track(ContactDatabase, m2m_fields={"projects"})
        track(Company, m2m_fields={"projects"})
        # One entry per import step (who, file, counts), instead of one per imported row.
        track(ContactImport, exclude=["problems", "rejected_by_reason", "mapping"])
        # Imports write with COPY / bulk inserts (no per-row signals) and log one entry per
        # import on the database; manual edits of a contact are logged one by one.
        track(Contact)
