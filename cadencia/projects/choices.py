from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityMode(models.TextChoices):
    SIMPLIFIED = "simplified", _("Simplified")
    ENHANCED = "enhanced", _("Enhanced")
