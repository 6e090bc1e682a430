"""A contact's last activity and disposition, kept on its row for the contact search."""

import datetime

from django.db.models import Q

from cadencia.contacts.models import Contact


def contact_activity(
    *, contact_id: int, at: datetime.datetime, disposition: str | None = None
) -> None:
    """Record a call (``at``) or a disposition (its name) of a contact.

    Derived data, like a counter: one UPDATE, no change-log entry. A call that ends after a
    later one was recorded does not move the date back."""
    changes: dict[str, object] = {"last_activity_at": at}
    if disposition is not None:
        changes["last_disposition"] = disposition[:100]
    newer = Q(last_activity_at__isnull=True) | Q(last_activity_at__lte=at)
    Contact.objects.filter(newer, pk=contact_id).update(**changes)
    if disposition is not None:
        # An older event may not move the date, but the disposition just chosen is the latest.
        Contact.objects.filter(pk=contact_id).exclude(newer).update(
            last_disposition=disposition[:100]
        )
