from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadencia.audits.choices import WAITING, AuditStatus, Decision
from cadencia.audits.selectors import DEFAULT_SORT, PAGE_SIZES, QueueFilters
from cadencia.core.forms import BootstrapFormMixin

WAITING_CHOICE = "waiting"
STATUS_CHOICES = [
    (WAITING_CHOICE, _("Waiting for a decision")),
    ("", _("Any status")),
    *AuditStatus.choices,
]
SORT_CHOICES = [
    ("-managed_at", _("Newest managements first")),
    ("managed_at", _("Oldest managements first")),
    ("-updated_at", _("Recently changed first")),
]


class QueueFilterForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    campaign: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Campaign"), queryset=None, required=False
    )
    agent: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Agent"), queryset=None, required=False
    )
    auditor: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Auditor"), queryset=None, required=False
    )
    since = forms.DateField(
        label=_("Managed from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Managed to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    external_id = forms.CharField(label=_("External contact ID"), max_length=100, required=False)
    phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    unclaimed = forms.BooleanField(label=_("Skip items others are working on"), required=False)
    sort = forms.ChoiceField(label=_("Order"), choices=SORT_CHOICES, required=False)
    size = forms.TypedChoiceField(
        label=_("Rows per page"),
        choices=[(n, n) for n in PAGE_SIZES],
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args: Any, campaigns: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
        self.fields["agent"].queryset = people  # type: ignore[attr-defined]
        self.fields["auditor"].queryset = people  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end comes before the start."))
        return cleaned

    def filters(self) -> QueueFilters:
        """What the form asks for; an invalid form filters nothing but the waiting items."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        status = data.get("status", WAITING_CHOICE) if self.is_bound else WAITING_CHOICE
        statuses = WAITING if status == WAITING_CHOICE else ([status] if status else [])
        return QueueFilters(
            campaign=data.get("campaign"),
            agent=data.get("agent"),
            statuses=statuses,
            since=data.get("since"),
            until=data.get("until"),
            external_id=(data.get("external_id") or "").strip(),
            phone=(data.get("phone") or "").strip(),
            auditor=data.get("auditor"),
            unclaimed_only=bool(data.get("unclaimed")),
            sort=data.get("sort") or DEFAULT_SORT,
        )


class DecisionForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to reject or observe: the agent reads it."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, criteria: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            label = f"{criterion.label} ({criterion.weight})"
            self.fields[f"c{criterion.pk}"] = forms.ChoiceField(
                widget=forms.Select(attrs={"class": "form-select"}),
                label=label,
                choices=[("", "—"), ("pass", _("Met")), ("fail", _("Not met"))],
                required=False,
                help_text=_("Critical: failing it fails the item.") if criterion.critical else "",
            )

    def scorecard(self) -> dict[int, bool]:
        answers = {}
        for criterion in self.criteria:
            value = self.cleaned_data.get(f"c{criterion.pk}")
            if value:
                answers[criterion.pk] = value == "pass"
        return answers

    def scorecard_fields(self) -> list[Any]:
        return [self[f"c{c.pk}"] for c in self.criteria]


class RedoForm(BootstrapFormMixin, forms.Form):
    option: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Disposition"), queryset=None, empty_label=None
    )
    notes = forms.CharField(
        label=_("What you changed"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    calls: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Later calls to the contact to link"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, options: Any, calls: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["option"].queryset = options  # type: ignore[attr-defined]
        self.fields["calls"].queryset = calls  # type: ignore[attr-defined]


class CriterionForm(BootstrapFormMixin, forms.Form):
    label = forms.CharField(label=_("Criterion"), max_length=200)
    # Empty means 1; an initial value would make every blank extra row look filled in.
    weight = forms.IntegerField(
        label=_("Weight"),
        min_value=1,
        max_value=100,
        required=False,
        widget=forms.NumberInput(attrs={"placeholder": "1"}),
    )
    critical = forms.BooleanField(label=_("Critical"), required=False)


class _CriterionRows(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"


CriterionFormSet = forms.formset_factory(
    CriterionForm,
    formset=_CriterionRows,
    extra=3,
    can_delete=True,
    max_num=50,
    validate_max=True,
)


def queue_filter_form(data: Any, *, user: Any) -> QueueFilterForm:
    """The queue's filters over what ``user`` may see (their scope's campaigns and people)."""
    from cadencia.accounts.selectors import users_visible
    from cadencia.campaigns.models import Campaign

    campaigns = Campaign.objects.filter(is_template=False).only("id", "name").order_by("name")
    people = users_visible(user=user).select_related(None).only("id", "username")
    return QueueFilterForm(data, campaigns=campaigns, people=people)


def filters_from_query(data: Any, *, user: Any) -> QueueFilters:
    return queue_filter_form(data or None, user=user).filters()
