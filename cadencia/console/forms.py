from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadencia.campaigns.models import DispositionOption
from cadencia.console.choices import AgentState
from cadencia.core.forms import BootstrapFormMixin


class SessionForm(BootstrapFormMixin, forms.Form):
    campaigns: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Campaigns to work"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, campaigns: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaigns"].queryset = campaigns  # type: ignore[attr-defined]


class StateForm(BootstrapFormMixin, forms.Form):
    state = forms.ChoiceField(
        choices=[(s, s) for s in (AgentState.READY, AgentState.PAUSED, AgentState.OFFLINE)]
    )
    pause_reason: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Pause reason"), queryset=None, required=False
    )

    def __init__(self, *args: Any, reasons: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pause_reason"].queryset = reasons  # type: ignore[attr-defined]


class DialForm(BootstrapFormMixin, forms.Form):
    campaign: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Campaign"), queryset=None, empty_label=None
    )
    number = forms.CharField(label=_("Number"), max_length=40)

    def __init__(self, *args: Any, campaigns: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]


class DispositionForm(BootstrapFormMixin, forms.Form):
    option: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Disposition"), queryset=None
    )
    callback_at = forms.DateTimeField(
        label=_("Call back at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    callback_same_agent = forms.BooleanField(label=_("I will call back myself"), required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, options: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["option"].queryset = options  # type: ignore[attr-defined]


class InjectForm(BootstrapFormMixin, forms.Form):
    campaign: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Inbound campaign"), queryset=None
    )
    caller = forms.CharField(label=_("Caller's number"), max_length=40)

    def __init__(self, *args: Any, campaigns: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]


class MyDispositionsFilter(BootstrapFormMixin, forms.Form):
    campaign: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Campaign"), queryset=None, required=False
    )
    option: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Disposition"), queryset=None, required=False
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, campaigns: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
        self.fields["option"].queryset = DispositionOption.objects.filter(  # type: ignore[attr-defined]
            campaign__in=campaigns
        )


def posted_answers(post: Any, option: Any, prefix: str = "") -> dict[str, Any]:
    """A management form's answers as a page posted them (fields prefixed per option, so one
    page holds the form of every option)."""
    if option.form_id is None:
        return {}
    version = option.form.current_version()
    prefix = prefix or f"o{option.pk}-"
    answers: dict[str, Any] = {}
    for field in version.fields if version else []:
        key = prefix + field["key"]
        if field["type"] == "multiple_choice":
            answers[field["key"]] = post.getlist(key)
        elif field["type"] == "yes_no":
            answers[field["key"]] = {"true": True, "false": False}.get(post.get(key, ""))
        else:
            answers[field["key"]] = post.get(key, "")
    return answers
