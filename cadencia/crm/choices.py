from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ActionStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("ticket action", "Pending")
    DONE = "done", pgettext_lazy("ticket action", "Done")
    CANCELLED = "cancelled", pgettext_lazy("ticket action", "Cancelled")


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")
    URGENT = 4, _("Urgent")


class EmailStatus(models.TextChoices):
    NONE = "none", _("Not e-mailed")
    QUEUED = "queued", _("E-mail queued")
    SENT = "sent", _("E-mail sent")
    RETRYING = "retrying", _("E-mail failed, retrying")
    FAILED = "failed", _("E-mail failed")


class SmsDirection(models.TextChoices):
    OUTBOUND = "out", _("Sent")
    INBOUND = "in", _("Received")


class SmsStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", pgettext_lazy("an SMS", "Sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", pgettext_lazy("an SMS", "Failed")
    RECEIVED = "received", pgettext_lazy("an SMS", "Received")
