import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadencia.campaigns.models.form import _referenced
from cadencia.projects.ownership import SingleProjectModel

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# What an external site's URL may carry; contact.<column> is checked against each campaign's
# database when a campaign uses the site.
URL_FIELDS = {
    "call": {"id", "number", "direction", "started_at"},
    "agent": {"id", "username", "name", "external_id"},
    "campaign": {"id", "name", "external_id"},
    "contact": {"id", "phone", "external_id"},
}
COLUMN = re.compile(r"^[\w.-]{1,100}$")


def url_placeholders(template: str) -> list[tuple[str, str]]:
    """The ``(object, attribute)`` pairs a URL template uses, or a ValidationError."""
    found = []
    for raw in PLACEHOLDER.findall(template):
        kind, _dot, attribute = raw.partition(".")
        known = URL_FIELDS.get(kind)
        if known is None or not attribute:
            raise ValidationError(
                _(
                    "Unknown placeholder {%(name)s}: use {contact.…}, {call.…}, {agent.…} or "
                    "{campaign.…}."
                )
                % {"name": raw[:60]}
            )
        if kind != "contact" and attribute not in known:
            raise ValidationError(
                _("Unknown placeholder {%(name)s}: %(kind)s has %(known)s.")
                % {"name": raw[:60], "kind": kind, "known": ", ".join(sorted(known))}
            )
        if kind == "contact" and not COLUMN.match(attribute):
            raise ValidationError(_("Unknown placeholder {%(name)s}.") % {"name": raw[:60]})
        found.append((kind, attribute))
    return found


def validate_url_template(value: str) -> None:
    if not value.startswith(("https://", "http://")):
        raise ValidationError(_("The URL must start with https:// or http://."))
    url_placeholders(value)


class ExternalSite(SingleProjectModel):
    """An external CRM page opened per call with the call's data (the seed's "URL externa")."""

    class Method(models.TextChoices):
        GET = "GET", "GET"
        POST = "POST", "POST"

    class Target(models.TextChoices):
        NEW_TAB = "new_tab", _("New tab")
        EMBEDDED = "embedded", _("Embedded in the console")

    name = models.CharField(_("name"), max_length=100)
    url_template = models.CharField(
        _("URL"),
        max_length=2000,
        validators=[validate_url_template],
        help_text=_(
            "e.g. https://crm.example.com/client?phone={contact.phone}&agent={agent.username}"
        ),
    )
    method = models.CharField(_("method"), max_length=4, choices=Method.choices, default=Method.GET)
    target = models.CharField(
        _("opens in"), max_length=10, choices=Target.choices, default=Target.NEW_TAB
    )
    # Write-only: forms and the API accept it and never show it back.
    auth_token = models.CharField(_("authentication token"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("external site")
        verbose_name_plural = _("external sites")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "name"], name="campaigns_externalsite_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def token_state(self) -> str:
        return str(_("set (hidden)")) if self.auth_token else "—"

    def contact_columns(self) -> list[str]:
        return [a for k, a in url_placeholders(self.url_template) if k == "contact"]

    def has_dependants(self) -> bool:
        return _referenced(self)


class ExternalSystem(SingleProjectModel):
    """A customer's system that asks for click-to-call or dispositions through our API (the
    seed's "sistema externo"). Its token is shown once; only a hash is kept."""

    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(_("token hash"), max_length=64, editable=False)
    token_prefix = models.CharField(_("token starts with"), max_length=8, editable=False)
    # {"<agent id in the system>": <user id>}: users of the system's project.
    agent_map = models.JSONField(_("agents' ids in the system"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("external system")
        verbose_name_plural = _("external systems")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "name"], name="campaigns_externalsystem_unique_name"
            ),
            models.UniqueConstraint(fields=["token_hash"], name="campaigns_externalsystem_token"),
        ]

    def __str__(self) -> str:
        return self.name

    def has_dependants(self) -> bool:
        return _referenced(self)

    def agent_lines(self) -> str:
        return "\n".join(f"{key} = {value}" for key, value in sorted(self.agent_map.items()))

    def mapped(self) -> dict[str, Any]:
        return dict(self.agent_map)
