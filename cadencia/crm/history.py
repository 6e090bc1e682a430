"""The CRM's settings, action types and tickets in the change log (action edits have their own
journal, shown with their comments)."""

from django.utils.translation import gettext_lazy as _

from cadencia.core.changelog import track
from cadencia.core.history import register_verb
from cadencia.crm.models import ActionType, CrmSettings, Ticket

track(CrmSettings)
track(ActionType)
track(Ticket)

register_verb("crm.callback_moved", _("Callback moved on the calendar"))
