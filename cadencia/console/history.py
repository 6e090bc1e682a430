"""Steps of the console recorded in the change log with their meaning."""

from django.utils.translation import gettext_lazy as _

from cadencia.core.history import register_verb

register_verb("console.disposition_saved", _("Disposition recorded"))
register_verb("console.disposition_expired", _("Calls left without a disposition"))
register_verb("console.disposition_revised", _("Disposition redone"))
