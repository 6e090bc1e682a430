"""The CRM's settings, action types and tickets in the change log (action edits have their own
journal, shown with their comments)."""

from cadencia.core.changelog import track
from cadencia.crm.models import ActionType, CrmSettings, Ticket

track(CrmSettings)
track(ActionType)
track(Ticket)
