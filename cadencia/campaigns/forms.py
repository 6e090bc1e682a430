"""Forms of the campaign wizard, the form builder and pause reasons."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadencia.accounts.models import User
from cadencia.campaigns.choices import CampaignType, DispositionKind, FieldType, RetryOutcome
from cadencia.campaigns.models import Campaign, ExternalSite, ExternalSystem, Form, PauseReason
from cadencia.contacts.models import ContactDatabase
from cadencia.core.forms import BootstrapFormMixin
from cadencia.projects.forms import SingleProjectFormMixin
from cadencia.projects.models import Membership
from cadencia.resources.models import Schedule
from cadencia.telephony.models import OutboundRoute

COMMON_FIELDS = [
    "name",
    "contact_database",
    "duplicate_policy",
    "interaction",
    "external_site",
    "address_column",
    "record_calls",
    "objective",
    "external_system",
    "external_id",
    "outbound_route",
    "caller_id",
    "schedule",
    "script",
]
TYPE_FIELDS: dict[str, list[str]] = {
    CampaignType.MANUAL: [],
    CampaignType.PREVIEW: ["preview_hold_seconds"],
    CampaignType.DIALER: [
        "pacing",
        "max_lines_per_agent",
        "target_abandon_rate",
        "ring_timeout_seconds",
        "time_zone_column",
    ],
    CampaignType.INBOUND: [
        "queue_strategy",
        "max_wait_seconds",
        "on_timeout",
        "timeout_campaign",
        "wrap_up_seconds",
        "service_level_seconds",
    ],
}
ALL_TYPE_FIELDS = sorted({f for fields in TYPE_FIELDS.values() for f in fields})


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class CampaignParametersForm(SingleProjectFormMixin, forms.ModelForm):
    """Wizard step 1. The type is chosen when the campaign is created and shapes the form."""

    # Scoped models: the querysets are set per form (a scoped manager cannot be read at import).
    contact_database: forms.ModelChoiceField[ContactDatabase] = forms.ModelChoiceField(
        label=_("Contact database"),
        queryset=None,
        required=False,
        help_text=_("Optional for manual and inbound campaigns; its columns fill the script."),
    )
    schedule: forms.ModelChoiceField[Schedule] = forms.ModelChoiceField(
        label=_("Schedule"), queryset=None, required=False, help_text=_("Working hours.")
    )
    external_site: forms.ModelChoiceField[ExternalSite] = forms.ModelChoiceField(
        label=_("External site"),
        queryset=None,
        required=False,
        help_text=_("Opened on each connected call when the interaction uses an external URL."),
    )
    external_system: forms.ModelChoiceField[ExternalSystem] = forms.ModelChoiceField(
        label=_("External system"),
        queryset=None,
        required=False,
        help_text=_("The system that may ask for click-to-call and dispositions."),
    )
    outbound_route: forms.ModelChoiceField[OutboundRoute] = forms.ModelChoiceField(
        label=_("Outbound route"),
        queryset=None,
        required=False,
        help_text=_("The trunks the campaign dials through."),
    )
    timeout_campaign: forms.ModelChoiceField[Campaign] = forms.ModelChoiceField(
        label=_("Campaign that takes the call"), queryset=None, required=False
    )
    hidden_columns_text = forms.CharField(
        label=_("Columns agents may not see"),
        required=False,
        max_length=2000,
        help_text=_("Column names, separated by commas."),
    )
    readonly_columns_text = forms.CharField(
        label=_("Columns agents may not edit"),
        required=False,
        max_length=2000,
        help_text=_("Column names, separated by commas."),
    )

    error_fields = {
        "hidden_columns": "hidden_columns_text",
        "readonly_columns": "readonly_columns_text",
        "project": "project",
    }

    class Meta:
        model = Campaign
        fields = [*COMMON_FIELDS, *ALL_TYPE_FIELDS]
        widgets = {"script": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, user: User, campaign_type: str = "", **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if not self.instance.pk:
            self.instance.type = campaign_type
        for name in ALL_TYPE_FIELDS:
            if name not in TYPE_FIELDS.get(self.instance.type, []):
                del self.fields[name]
        self._limit_querysets()
        if self.instance.type == CampaignType.DIALER:
            self._add_retry_fields()
        self.fields["hidden_columns_text"].initial = ", ".join(self.instance.hidden_columns)
        self.fields["readonly_columns_text"].initial = ", ".join(self.instance.readonly_columns)

    def _limit_querysets(self) -> None:
        # Scoped managers: only what the user sees; the service checks the campaign's project.
        fields: Any = self.fields
        fields["contact_database"].queryset = ContactDatabase.objects.order_by("name")
        fields["schedule"].queryset = Schedule.objects.order_by("name")
        fields["external_site"].queryset = ExternalSite.objects.order_by("name")
        fields["external_system"].queryset = ExternalSystem.objects.order_by("name")
        fields["outbound_route"].queryset = OutboundRoute.objects.order_by("name")
        if "timeout_campaign" in fields:
            others = Campaign.objects.filter(type=CampaignType.INBOUND, is_template=False)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            fields["timeout_campaign"].queryset = others.order_by("name")

    def _add_retry_fields(self) -> None:
        for outcome in RetryOutcome:
            rule = self.instance.retries.get(outcome.value, {})
            self.fields[f"retry_{outcome.value}_attempts"] = forms.IntegerField(
                label=_("%(outcome)s: attempts") % {"outcome": outcome.label},
                min_value=0,
                max_value=20,
                initial=rule.get("attempts", 0),
                widget=forms.NumberInput(attrs={"class": "form-control"}),
            )
            self.fields[f"retry_{outcome.value}_interval"] = forms.IntegerField(
                label=_("%(outcome)s: minutes between attempts") % {"outcome": outcome.label},
                min_value=1,
                max_value=10080,
                initial=rule.get("interval_minutes", 60),
                widget=forms.NumberInput(attrs={"class": "form-control"}),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.instance.hidden_columns = _names(cleaned.get("hidden_columns_text", ""))
        self.instance.readonly_columns = _names(cleaned.get("readonly_columns_text", ""))
        if self.instance.type == CampaignType.DIALER:
            self.instance.retries = {
                outcome.value: {
                    "attempts": cleaned.get(f"retry_{outcome.value}_attempts") or 0,
                    "interval_minutes": cleaned.get(f"retry_{outcome.value}_interval") or 1,
                }
                for outcome in RetryOutcome
            }
        return cleaned


class OptionForm(BootstrapFormMixin, forms.Form):
    """One row of wizard step 2."""

    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=DispositionKind.choices)
    form: forms.ModelChoiceField[Form] = forms.ModelChoiceField(
        label=_("Management form"), queryset=None, required=False
    )
    positive = forms.BooleanField(label=_("Positive"), required=False)
    hidden = forms.BooleanField(label=_("Hidden"), required=False)

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        forms_field: Any = self.fields["form"]
        forms_field.queryset = Form.objects.filter(project_id=campaign.project_id).order_by("name")


class BaseOptionFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        self.campaign = campaign
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"campaign": self.campaign}


OptionFormSet: Any = forms.formset_factory(
    OptionForm, formset=BaseOptionFormSet, extra=3, max_num=100, validate_max=True
)


class PeopleForm(BootstrapFormMixin, forms.Form):
    """Wizard step 3: only users of the campaign's project are offered."""

    agents = forms.ModelMultipleChoiceField(
        label=_("Agents"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    supervisors = forms.ModelMultipleChoiceField(
        label=_("Supervisors"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = User.objects.filter(
            pk__in=Membership.objects.filter(project_id=campaign.project_id).values("user_id")
        ).order_by("username")
        fields: Any = self.fields
        for name in ("agents", "supervisors"):
            fields[name].queryset = members
            fields[name].initial = list(getattr(campaign, name).all())
            fields[name].label_from_instance = _person


def _person(user: User) -> str:
    full_name = user.get_full_name()
    return f"{full_name} ({user.username})" if full_name else user.username


class NameForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)


class ManagementFormForm(SingleProjectFormMixin, forms.ModelForm):
    class Meta:
        model = Form
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class FieldForm(BootstrapFormMixin, forms.Form):
    """One field of a management form in the builder (empty rows are ignored)."""

    key = forms.CharField(label=_("Key"), max_length=50, required=False)
    label = forms.CharField(label=_("Label"), max_length=200, required=False)
    type = forms.ChoiceField(label=_("Type"), choices=FieldType.choices)
    required = forms.BooleanField(label=_("Required"), required=False)
    help = forms.CharField(label=_("Help text"), max_length=500, required=False)
    min = forms.FloatField(label=_("Min (value or length)"), required=False)
    max = forms.FloatField(label=_("Max (value or length)"), required=False)
    choices = forms.CharField(
        label=_("Choices (one per line)"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def definition(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not data.get("key") and not data.get("label"):
            return None
        field = {k: data.get(k) for k in ("key", "label", "type", "required", "help", "min", "max")}
        lines = [line.strip() for line in (data.get("choices") or "").splitlines()]
        field["choices"] = [line for line in lines if line]
        return field


FieldFormSet: Any = forms.formset_factory(FieldForm, extra=3, max_num=100, validate_max=True)


def field_initial(fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**f, "choices": "\n".join(f.get("choices", []))} for f in fields]


class PauseReasonForm(SingleProjectFormMixin, forms.ModelForm):
    class Meta:
        model = PauseReason
        fields = ["name", "productive"]


class ExternalSiteForm(SingleProjectFormMixin, forms.ModelForm):
    auth_token = forms.CharField(
        label=_("Authentication token"),
        required=False,
        max_length=500,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Sent to the site; never shown again. Leave empty to keep the current one."),
    )

    class Meta:
        model = ExternalSite
        fields = ["name", "url_template", "method", "target", "auth_token"]

    def clean_auth_token(self) -> str:
        token = self.cleaned_data.get("auth_token") or ""
        if not token and self.instance.pk:
            stored = ExternalSite.objects.filter(pk=self.instance.pk).values_list(
                "auth_token", flat=True
            )
            return stored.first() or ""
        return token


class ExternalSystemForm(SingleProjectFormMixin, forms.ModelForm):
    agent_lines = forms.CharField(
        label=_("Agents' ids in the system"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: “id in the system = username”."),
    )
    error_fields = {"agent_map": "agent_lines"}

    class Meta:
        model = ExternalSystem
        fields = ["name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            names = dict(User.objects.values_list("pk", "username"))
            self.fields["agent_lines"].initial = "\n".join(
                f"{key} = {names.get(user_id, user_id)}"
                for key, user_id in sorted(self.instance.agent_map.items())
            )

    def agent_map(self) -> dict[str, Any]:
        """{id in the system: user id}; an unknown username is kept as text for the service to
        refuse with the line's id."""
        result: dict[str, Any] = {}
        for number, line in enumerate(self.cleaned_data.get("agent_lines", "").splitlines(), 1):
            if not line.strip():
                continue
            key, sep, username = line.partition("=")
            if not sep or not key.strip() or not username.strip():
                raise forms.ValidationError(
                    _("Line %(n)d: write “id in the system = username”.") % {"n": number}
                )
            user = User.objects.filter(username=username.strip()).first()
            result[key.strip()] = user.pk if user else username.strip()
        return result

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            self.parsed_agent_map = self.agent_map()
        except forms.ValidationError as exc:
            self.add_error("agent_lines", exc)
        return cleaned
