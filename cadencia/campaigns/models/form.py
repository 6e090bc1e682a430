from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from cadencia.core.scoping import ScopedManager
from cadencia.projects.ownership import SingleProjectModel


class Form(SingleProjectModel):
    """A management form (the seed's "formulario de gestión"): what an agent fills for a
    management disposition. Its fields live in versions: answers keep the version they were
    given against, so editing a form in use makes a new version instead of changing old ones."""

    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("management form")
        verbose_name_plural = _("management forms")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="campaigns_form_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def current_version(self) -> "FormVersion | None":
        # Read from the prefetched versions when a list prefetched them (no query per form).
        if "versions" in getattr(self, "_prefetched_objects_cache", {}):
            return max(self.versions.all(), key=lambda v: v.number, default=None)
        return self.versions.order_by("-number").first()

    @property
    def definition(self) -> list[dict[str, Any]]:
        version = self.current_version()
        return version.fields if version else []

    @property
    def version_number(self) -> int:
        version = self.current_version()
        return version.number if version else 0

    def has_dependants(self) -> bool:
        # A campaign's option opens it: the form must stay where the campaign is.
        return self.options.exists()


class FormVersion(models.Model):
    """One immutable-once-used definition of a form's fields.

    ``fields``: ordered list of ``{"key", "label", "type", "required", "help", "min", "max",
    "choices"}`` checked by ``campaigns.answers.definition_clean``.
    """

    form = models.ForeignKey(
        Form, on_delete=models.CASCADE, related_name="versions", verbose_name=_("form")
    )
    number = models.PositiveIntegerField(_("version"))
    fields = models.JSONField(_("fields"), default=list)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects: ScopedManager[Any] = ScopedManager("form")

    class Meta:
        verbose_name = _("form version")
        verbose_name_plural = _("form versions")
        ordering = ["form", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "number"], name="campaigns_formversion_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.form} v{self.number}"

    def project_ids(self) -> list[int]:
        return self.form.project_ids()

    def in_use(self) -> bool:
        """Answers were given against this version (rows elsewhere point at it)."""
        return _referenced(self)


def _referenced(instance: models.Model) -> bool:
    for relation in instance._meta.related_objects:
        if relation.one_to_many or relation.one_to_one:
            accessor = relation.related_model._base_manager
            if accessor.filter(**{relation.field.name: instance}).exists():
                return True
    return False
