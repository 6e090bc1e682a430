from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TelephonyConfig(AppConfig):
    """The phone system's side: trunks, outbound routes (and, later, the connectors). It knows
    nothing of campaigns; campaigns and the console use it."""

    name = "cadencia.telephony"
    label = "telephony"
    verbose_name = _("Telephony")

    def ready(self) -> None:
        from cadencia.core.changelog import track
        from cadencia.telephony.models import OutboundRoute, SipTrunk

        # The password is stored encrypted and kept out of the log.
        track(SipTrunk, m2m_fields={"projects"}, exclude=["password_encrypted"])
        track(OutboundRoute)
