"""Steps of the audit recorded in the change log with their meaning."""

from django.utils.translation import gettext_lazy as _

from cadencia.core.history import register_verb

register_verb("audits.decided", _("Audit decision"))
register_verb("audits.redone", _("Management redone after an observation"))
register_verb("audits.scorecard_saved", _("Scorecard changed"))
