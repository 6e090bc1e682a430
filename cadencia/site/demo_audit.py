"""The audit's demo: a scorecard on the manual campaign, and the auditor's decisions on the
demo agent's managements: one approved with its scorecard, one observed and sent back (the
agent sees it in My dispositions), one still pending in the queue."""

from cadencia.accounts.models import User
from cadencia.audits.choices import EntryKind
from cadencia.audits.models import AuditEntry, AuditItem, ScorecardCriterion
from cadencia.audits.services import CriterionData, DecisionData, item_decide, scorecard_save
from cadencia.campaigns.models import Campaign

SCORECARD = [
    CriterionData("Saluda y se presenta", 1),
    CriterionData("Confirma la identidad del deudor", 2, critical=True),
    CriterionData("Ofrece el plan adecuado a la deuda", 3),
    CriterionData("Lee las condiciones legales", 2, critical=True),
]
OBSERVATION = (
    "El cliente dijo que confirma por correo, pero el e-mail no quedó cargado. "
    "Llamalo de nuevo, pedí el correo y completalo en el formulario."
)


def load_audit(*, users: list[User]) -> None:
    campaign = Campaign.objects.get(name="Cobranzas manual")
    if not ScorecardCriterion.objects.filter(campaign=campaign).exists():
        scorecard_save(campaign=campaign, criteria=SCORECARD)
    if AuditEntry.objects.filter(kind=EntryKind.DECIDED).exists():
        return
    auditor = next(u for u in users if u.username == "auditor")
    items = {i.contact.external_id: i for i in AuditItem.objects.select_related("contact").all()}
    criteria = list(ScorecardCriterion.objects.filter(campaign=campaign))
    if "C-1003" in items:
        item = items["C-1003"]
        item_decide(
            auditor=auditor,
            item=item,
            data=DecisionData(
                decision="approve",
                version=item.version,
                scorecard={c.pk: c.label != "Saluda y se presenta" for c in criteria},
            ),
        )
    if "C-1002" in items:
        item = items["C-1002"]
        item_decide(
            auditor=auditor,
            item=item,
            data=DecisionData(decision="observe", version=item.version, note=OBSERVATION),
        )
