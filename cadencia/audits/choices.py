from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


# In context: an audit item is "la gestión", so its states agree with it in Spanish.
class AuditStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("audit item", "Pending")
    APPROVED = "approved", pgettext_lazy("audit item", "Approved")
    REJECTED = "rejected", pgettext_lazy("audit item", "Rejected")
    OBSERVED = "observed", pgettext_lazy("audit item", "Observed")
    RESUBMITTED = "resubmitted", pgettext_lazy("audit item", "Resubmitted")


class Decision(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    OBSERVE = "observe", _("Observe and send back")


# Where each decision takes an item, and from where it may be taken.
DECISION_TARGET = {
    Decision.APPROVE: AuditStatus.APPROVED,
    Decision.REJECT: AuditStatus.REJECTED,
    Decision.OBSERVE: AuditStatus.OBSERVED,
}
DECIDABLE = {AuditStatus.PENDING, AuditStatus.RESUBMITTED}
# Waiting for an auditor (the queue's default view).
WAITING = [AuditStatus.PENDING, AuditStatus.RESUBMITTED]
NOTE_REQUIRED = {Decision.REJECT, Decision.OBSERVE}


class EntryKind(models.TextChoices):
    OPENED = "opened", _("Entered the audit")
    DECIDED = "decided", _("Decided")
    REDONE = "redone", _("Redone by the agent")
