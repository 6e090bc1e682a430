from django.db import models
from django.utils.translation import gettext_lazy as _


class ColumnType(models.TextChoices):
    TEXT = "text", _("Text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    TIME = "time", _("Time")


class DuplicatePolicy(models.TextChoices):
    SKIP = "skip", _("Skip the row")
    UPDATE = "update", _("Update the existing contact")
    ALLOW = "allow", _("Allow a duplicate")


class DuplicateKey(models.TextChoices):
    PHONE = "phone", _("Same phone number")
    EXTERNAL_ID = "external_id", _("Same external ID")


class ImportMode(models.TextChoices):
    APPEND = "append", _("Append to the database")
    REPLACE = "replace", _("Replace the database's contacts")
