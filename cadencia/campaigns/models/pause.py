from django.db import models
from django.utils.translation import gettext_lazy as _

from cadencia.projects.ownership import SingleProjectModel


class PauseReason(SingleProjectModel):
    """Why an agent pauses (break, training, back office); productive pauses count as work."""

    name = models.CharField(_("name"), max_length=100)
    productive = models.BooleanField(
        _("productive"), default=False, help_text=_("Counts as working time in reports.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pause reason")
        verbose_name_plural = _("pause reasons")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "name"], name="campaigns_pausereason_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name
