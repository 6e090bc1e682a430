"""Writes for campaigns: the wizard's three steps, state changes, templates."""

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cadencia.accounts.models import User
from cadencia.campaigns.answers import definition_clean
from cadencia.campaigns.choices import (
    TRANSITIONS,
    CampaignState,
    CampaignType,
    DispositionKind,
    Interaction,
    RetryOutcome,
    TimeoutAction,
)
from cadencia.campaigns.events import CampaignStateChanged
from cadencia.campaigns.models import (
    Campaign,
    DispositionOption,
    Form,
    FormVersion,
    PauseReason,
)
from cadencia.campaigns.models.integration import URL_FIELDS
from cadencia.core.events import publish
from cadencia.core.history import log_action
from cadencia.projects.models import Membership
from cadencia.projects.services import owned_object_delete, owned_object_save

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# Always available in a script, with or without a contact database.
SCRIPT_BUILTINS = {"phone", "agent", "campaign"}
NEEDS_DATABASE = {CampaignType.PREVIEW, CampaignType.DIALER}


def _columns(campaign: Campaign) -> list[str]:
    database = campaign.contact_database
    return [c["name"] for c in database.columns] if database is not None else []


def _check_script(campaign: Campaign, columns: list[str]) -> None:
    unknown = [
        name
        for name in PLACEHOLDER.findall(campaign.script)
        if name not in columns and name not in SCRIPT_BUILTINS
    ]
    if unknown:
        raise ValidationError(
            {
                "script": _("Unknown placeholder {%(name)s}: use one of %(known)s.")
                % {"name": unknown[0], "known": ", ".join(sorted({*columns, *SCRIPT_BUILTINS}))}
            }
        )


def _check_columns(campaign: Campaign, columns: list[str]) -> None:
    for field in ("address_column", "time_zone_column"):
        value = getattr(campaign, field)
        if value and value not in columns:
            raise ValidationError(
                {field: _("The contact database has no column “%(name)s”.") % {"name": value}}
            )
    for field in ("hidden_columns", "readonly_columns"):
        value = getattr(campaign, field)
        if not isinstance(value, list) or any(not isinstance(v, str) for v in value):
            raise ValidationError({field: _("Expected a list of column names.")})
        unknown = [v for v in value if v not in columns]
        if unknown:
            raise ValidationError(
                {field: _("The contact database has no column “%(name)s”.") % {"name": unknown[0]}}
            )


def _check_retries(retries: Any) -> None:
    if not isinstance(retries, dict) or set(retries) - set(RetryOutcome.values):
        raise ValidationError(
            {"retries": _("Expected an object keyed by busy, no_answer and failed.")}
        )
    for outcome, rule in retries.items():
        ok = isinstance(rule, dict) and set(rule) == {"attempts", "interval_minutes"}
        if ok:
            attempts, interval = rule["attempts"], rule["interval_minutes"]
            ok = all(isinstance(v, int) and not isinstance(v, bool) for v in (attempts, interval))
            ok = ok and 0 <= attempts <= 20 and 1 <= interval <= 10080
        if not ok:
            raise ValidationError(
                {
                    "retries": _(
                        "%(outcome)s: attempts 0-20 and interval_minutes 1-10080 are required."
                    )
                    % {"outcome": outcome}
                }
            )


def _check_in_project(campaign: Campaign) -> None:
    """Everything a campaign uses must be visible in the campaign's project."""
    project_id = campaign.project_id
    database = campaign.contact_database
    if database is not None and project_id not in database.project_ids():
        raise ValidationError(
            {"contact_database": _("This contact database is not in the campaign's project.")}
        )
    schedule = campaign.schedule
    if schedule is not None and project_id not in schedule.project_ids():
        raise ValidationError({"schedule": _("This schedule is not in the campaign's project.")})
    for field in ("external_site", "external_system", "outbound_route"):
        used = getattr(campaign, field)
        if used is not None and used.project_id != project_id:
            raise ValidationError({field: _("This is not in the campaign's project.")})
    target = campaign.timeout_campaign
    if target is not None and (target.project_id != project_id or target.pk == campaign.pk):
        raise ValidationError(
            {"timeout_campaign": _("Choose another campaign of the same project.")}
        )


def _check_parameters(campaign: Campaign) -> None:
    if campaign.type in NEEDS_DATABASE and campaign.contact_database is None:
        raise ValidationError(
            {"contact_database": _("Preview and dialer campaigns need a contact database.")}
        )
    inbound = campaign.type == CampaignType.INBOUND
    if inbound and campaign.on_timeout == TimeoutAction.CAMPAIGN and not campaign.timeout_campaign:
        raise ValidationError({"timeout_campaign": _("Choose the campaign that takes the call.")})
    if campaign.interaction != Interaction.FORM and campaign.external_site is None:
        raise ValidationError(
            {"external_site": _("This interaction type opens an external site: choose one.")}
        )
    columns = _columns(campaign)
    site = campaign.external_site
    if site is not None:
        unknown = [
            c for c in site.contact_columns() if c not in columns and c not in URL_FIELDS["contact"]
        ]
        if unknown:
            raise ValidationError(
                {
                    "external_site": _(
                        "The site's URL uses {contact.%(name)s}, a column the campaign's "
                        "contact database does not have."
                    )
                    % {"name": unknown[0]}
                }
            )
    _check_script(campaign, columns)
    _check_columns(campaign, columns)
    _check_retries(campaign.retries)


def campaign_parameters_save(
    *, campaign: Campaign, project_ids: set[int], user: User | None
) -> Campaign:
    """Wizard step 1 (and later edits of the parameters)."""
    database_changed = campaign.contact_database_id != _saved_database_id(campaign)
    if campaign.pk and database_changed and campaign.has_dependants():
        raise ValidationError(
            {"contact_database": _("The contact database cannot change once started.")}
        )
    with transaction.atomic():
        if len(project_ids) == 1:
            # Checked against the project it is going to; owned_object_save checks the user may.
            (campaign.project_id,) = project_ids
        _check_parameters(campaign)
        if campaign.project_id:
            _check_in_project(campaign)
        campaign.wizard_step = max(campaign.wizard_step, 1)
        owned_object_save(obj=campaign, project_ids=project_ids, user=user)
        _check_people(campaign, list(campaign.agents.all()), list(campaign.supervisors.all()))
    return campaign


def _saved_database_id(campaign: Campaign) -> int | None:
    saved = Campaign.objects.filter(pk=campaign.pk).values_list("contact_database_id", flat=True)
    return saved.first()


@dataclass
class OptionData:
    """One row of the wizard's step 2 (``pk`` None for a new option)."""

    name: str
    kind: str
    form: Form | None = None
    positive: bool = False
    hidden: bool = False
    pk: int | None = None


def _option_check(campaign: Campaign, data: OptionData, row: int) -> None:
    where = _("Option %(n)d") % {"n": row}
    if not data.name.strip():
        raise ValidationError(_("%(where)s: a name is required.") % {"where": where})
    if data.kind not in DispositionKind.values:
        raise ValidationError(_("%(where)s: unknown kind.") % {"where": where})
    if data.kind == DispositionKind.MANAGEMENT:
        if data.form is None:
            raise ValidationError(
                _("%(where)s: a management option needs its form.") % {"where": where}
            )
        if data.form.project_id != campaign.project_id:
            raise ValidationError(
                _("%(where)s: the form “%(form)s” is not in the campaign's project.")
                % {"where": where, "form": data.form}
            )
    elif data.form is not None:
        raise ValidationError(
            _("%(where)s: only management options open a form.") % {"where": where}
        )


def campaign_options_save(*, campaign: Campaign, options: list[OptionData]) -> list[Any]:
    """Wizard step 2: the campaign's options, in order. Rows left out are deleted, unless used.

    A used option keeps its form (answers were given against it) and cannot be deleted, only
    hidden: the seed's rule.
    """
    if not [o for o in options if not o.hidden]:
        raise ValidationError(_("A campaign needs at least one visible disposition option."))
    names = [o.name.strip().casefold() for o in options]
    if len(names) != len(set(names)):
        raise ValidationError(_("Two options have the same name."))
    with transaction.atomic():
        existing = {o.pk: o for o in DispositionOption.objects.filter(campaign=campaign)}
        saved = []
        for position, data in enumerate(options, start=1):
            _option_check(campaign, data, position)
            option = existing.pop(data.pk, None) if data.pk else None
            if data.pk and option is None:
                raise ValidationError(_("Option %(n)d: unknown option.") % {"n": position})
            saved.append(_option_write(campaign, option, data, position))
        for option in existing.values():
            if option.is_used():
                raise ValidationError(
                    _("“%(name)s” was already used: hide it instead of deleting it.")
                    % {"name": option}
                )
            option.delete()
        campaign.wizard_step = max(campaign.wizard_step, 2)
        campaign.save(update_fields=["wizard_step"])
    return saved


def _option_write(
    campaign: Campaign, option: DispositionOption | None, data: OptionData, position: int
) -> DispositionOption:
    if option is None:
        option = DispositionOption(campaign=campaign)
    elif option.form_id != (data.form.pk if data.form else None) and option.is_used():
        raise ValidationError(
            _("“%(name)s” was already used: its form cannot change.") % {"name": option}
        )
    option.name = data.name.strip()
    option.kind = data.kind
    option.form = data.form
    option.positive = data.positive
    option.hidden = data.hidden
    option.position = position
    option.full_clean(exclude=["campaign"])
    option.save()
    return option


def _check_people(campaign: Campaign, agents: list[User], supervisors: list[User]) -> None:
    members = set(
        Membership.objects.filter(project_id=campaign.project_id).values_list("user_id", flat=True)
    )
    for field, users in (("agents", agents), ("supervisors", supervisors)):
        outside = [u for u in users if u.pk not in members]
        if outside:
            raise ValidationError(
                {field: _("%(user)s is not in the campaign's project.") % {"user": outside[0]}}
            )


def campaign_people_save(
    *, campaign: Campaign, agents: list[User], supervisors: list[User]
) -> Campaign:
    """Wizard step 3: the agents and supervisors assigned (users of the campaign's project)."""
    with transaction.atomic():
        _check_people(campaign, agents, supervisors)
        campaign.agents.set(agents)
        campaign.supervisors.set(supervisors)
        campaign.wizard_step = max(campaign.wizard_step, 3)
        campaign.save(update_fields=["wizard_step"])
    return campaign


def campaign_transition(*, campaign: Campaign, state: str) -> Campaign:
    """Move a campaign to ``state`` if the move is allowed; logged and published on commit."""
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        previous = locked.state
        if state not in TRANSITIONS.get(previous, set()):
            raise ValidationError(
                {
                    "state": _("A campaign cannot go from %(from)s to %(to)s.")
                    % {"from": locked.get_state_display(), "to": _state_label(state)}
                }
            )
        if locked.is_template:
            raise ValidationError({"state": _("A template is not run; create a campaign from it.")})
        if state == CampaignState.ACTIVE:
            _check_ready(locked)
        locked.state = state
        locked.save(update_fields=["state"])
        log_action(locked, "campaigns.state_changed", previous=previous, state=state)
        publish(
            CampaignStateChanged(campaign_id=locked.pk, state=state, previous=previous),
            projects=[locked.project_id],
        )
    campaign.state = state
    return campaign


def _state_label(state: str) -> str:
    return str(dict(CampaignState.choices).get(state, state))


def _check_ready(campaign: Campaign) -> None:
    if not campaign.wizard_done:
        raise ValidationError({"state": _("Finish the campaign's three steps first.")})
    if campaign.type in NEEDS_DATABASE and campaign.contact_database_id is None:
        raise ValidationError(
            {"contact_database": _("Preview and dialer campaigns need a contact database.")}
        )
    if not campaign.options.filter(hidden=False).exists():
        raise ValidationError({"state": _("Add at least one visible disposition option.")})


def campaign_delete(*, campaign: Campaign) -> None:
    """Drafts and templates can be deleted; a campaign that ran is finished, keeping its history."""
    if campaign.state != CampaignState.DRAFT and not campaign.is_template:
        raise ValidationError(
            _("Only draft campaigns can be deleted; finish this one to keep its history.")
        )
    owned_object_delete(obj=campaign)


COPIED_FIELDS = (
    "type",
    "contact_database",
    "duplicate_policy",
    "interaction",
    "external_site",
    "address_column",
    "record_calls",
    "objective",
    "external_system",
    "outbound_route",
    "caller_id",
    "schedule",
    "script",
    "hidden_columns",
    "readonly_columns",
    "preview_hold_seconds",
    "pacing",
    "max_lines_per_agent",
    "target_abandon_rate",
    "ring_timeout_seconds",
    "retries",
    "time_zone_column",
    "queue_strategy",
    "max_wait_seconds",
    "on_timeout",
    "timeout_campaign",
    "wrap_up_seconds",
    "service_level_seconds",
)


def _copy(source: Campaign, *, name: str, is_template: bool, user: User | None) -> Campaign:
    copy = Campaign(name=name, is_template=is_template, project_id=source.project_id)
    for field in COPIED_FIELDS:
        setattr(copy, field, getattr(source, field))
    copy.wizard_step = 2 if source.wizard_step >= 2 else source.wizard_step
    owned_object_save(obj=copy, project_ids={source.project_id}, user=user)
    for option in source.options.all():
        DispositionOption.objects.create(
            campaign=copy,
            name=option.name,
            kind=option.kind,
            form=option.form,
            positive=option.positive,
            hidden=option.hidden,
            position=option.position,
        )
    return copy


def campaign_save_as_template(*, campaign: Campaign, name: str, user: User | None) -> Campaign:
    """A template keeps the settings and options; agents are chosen per campaign."""
    with transaction.atomic():
        return _copy(campaign, name=name, is_template=True, user=user)


def campaign_from_template(*, template: Campaign, name: str, user: User | None) -> Campaign:
    """A new draft campaign with the template's settings and options, at the people step."""
    if not template.is_template:
        raise ValidationError(_("“%(name)s” is not a template.") % {"name": template})
    with transaction.atomic():
        campaign = _copy(template, name=name, is_template=False, user=user)
        log_action(
            campaign,
            "campaigns.created_from_template",
            template=template.name,
            template_id=template.pk,
        )
    return campaign


def form_save(*, form: Form, project_ids: set[int], fields: Any, user: User | None) -> Form:
    """Save a management form and its fields. Fields answered already stay as they were: the
    change goes into a new version, which new answers use."""
    cleaned = definition_clean(fields)
    with transaction.atomic():
        owned_object_save(obj=form, project_ids=project_ids, user=user)
        current = form.current_version()
        if current is None or (current.in_use() and current.fields != cleaned):
            number = current.number + 1 if current else 1
            FormVersion.objects.create(form=form, number=number, fields=cleaned)
        elif current.fields != cleaned:
            current.fields = cleaned
            current.save(update_fields=["fields"])
    return form


def form_clone(*, form: Form, name: str, user: User | None) -> Form:
    """A new form with the current fields of ``form``, in the same project."""
    current = form.current_version()
    with transaction.atomic():
        clone = Form(name=name, description=form.description, project_id=form.project_id)
        form_save(
            form=clone,
            project_ids={form.project_id},
            fields=current.fields if current else [],
            user=user,
        )
        log_action(clone, "campaigns.form_cloned", source=form.name, source_id=form.pk)
    return clone


def form_delete(*, form: Form) -> None:
    if form.has_dependants():
        raise ValidationError(
            _("“%(name)s” is used by a campaign's options; remove it there first.") % {"name": form}
        )
    owned_object_delete(obj=form)


def pause_reason_save(
    *, reason: PauseReason, project_ids: set[int], user: User | None
) -> PauseReason:
    owned_object_save(obj=reason, project_ids=project_ids, user=user)
    return reason


def pause_reason_delete(*, reason: PauseReason) -> None:
    owned_object_delete(obj=reason)


def campaign_calls_database(*, campaign: Campaign) -> Any:
    """The contact database of a campaign that had none: created in the campaign's project on
    its first call (agents' new contacts go there, and are found by number on the next call)."""
    from cadencia.contacts.models import ContactDatabase
    from cadencia.contacts.services import contact_database_save

    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.contact_database is not None:
            campaign.contact_database = locked.contact_database
            return locked.contact_database
        database = ContactDatabase(name=_("Calls of %(campaign)s") % {"campaign": campaign.name})
        contact_database_save(database=database, project_ids={campaign.project_id}, user=None)
        locked.contact_database = database
        locked.save(update_fields=["contact_database"])
        log_action(locked, "campaigns.calls_database_created", database=database.name)
        campaign.contact_database = database
        return database
