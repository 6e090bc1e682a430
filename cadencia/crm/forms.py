"""Forms of the CRM pages. What they accept is checked again by the services."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cadencia.accounts.models import User
from cadencia.campaigns.form_render import answers_form
from cadencia.campaigns.models import Form
from cadencia.core.forms import BootstrapFormMixin
from cadencia.crm.choices import ActionStatus, Priority
from cadencia.crm.models import ActionType, CrmSettings, TicketAction
from cadencia.crm.services import ActionData
from cadencia.projects.forms import SingleProjectFormMixin
from cadencia.projects.models import UserGroup

DATETIME = {"type": "datetime-local"}


class ActionTypeForm(SingleProjectFormMixin, forms.ModelForm):
    form: forms.ModelChoiceField[Form] = forms.ModelChoiceField(
        label=_("Form"), queryset=None, required=False
    )

    class Meta:
        model = ActionType
        fields = ["name", "form"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = Form.objects.all()  # type: ignore[attr-defined]


class CrmSettingsForm(SingleProjectFormMixin, forms.ModelForm):
    class Meta:
        model = CrmSettings
        fields = ["charge_per_second", "currency"]


class TicketForm(BootstrapFormMixin, forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ActionForm(BootstrapFormMixin, forms.Form):
    """An action of one type: its own fields, then its type's form (answers prefixed ``a-``)."""

    subject = forms.CharField(label=_("Subject"), max_length=200)
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    assignee: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Agent"), queryset=None, required=False
    )
    group: forms.ModelChoiceField[UserGroup] = forms.ModelChoiceField(
        label=_("Group"), queryset=None, required=False
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.MEDIUM
    )
    starts_at = forms.DateTimeField(
        label=pgettext_lazy("date", "Start"),
        required=False,
        widget=forms.DateTimeInput(attrs=DATETIME),
    )
    due_at = forms.DateTimeField(
        label=_("Due"), required=False, widget=forms.DateTimeInput(attrs=DATETIME)
    )
    cc = forms.CharField(label=_("CC"), required=False, max_length=2000)
    bcc = forms.CharField(label=_("BCC"), required=False, max_length=2000)
    notify_contact = forms.BooleanField(label=_("Send updates to the contact"), required=False)

    def __init__(
        self,
        *args: Any,
        action_type: ActionType,
        project_id: int,
        instance: TicketAction | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.action_type = action_type
        members = User.objects.filter(memberships__project_id=project_id, is_active=True)
        self.fields["assignee"].queryset = members.order_by("username")  # type: ignore[attr-defined]
        groups = UserGroup.objects.filter(projects=project_id)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        version = action_type.form.current_version() if action_type.form else None
        if instance is not None and instance.form_version is not None:
            version = instance.form_version
        self.definition = version.fields if version else []
        self.answers = answers_form(self.definition, self.data if self.is_bound else None)
        self.answers.prefix = f"{self.prefix}-a" if self.prefix else "a"
        self.answers.use_required_attribute = self.use_required_attribute
        if instance is not None:
            self.initial.update(
                {
                    "subject": instance.subject,
                    "status": instance.status,
                    "assignee": instance.assignee_id,
                    "group": instance.group_id,
                    "priority": instance.priority,
                    "starts_at": instance.starts_at,
                    "due_at": instance.due_at,
                    "cc": instance.cc,
                    "bcc": instance.bcc,
                    "notify_contact": instance.notify_contact,
                }
            )
            self.answers.initial = dict(instance.answers)

    def posted_answers(self) -> dict[str, Any]:
        """The answers as posted: the shared validator (``answers_clean``) checks them."""
        prefix = f"{self.answers.prefix}-"
        answers: dict[str, Any] = {}
        for field in self.definition:
            key = prefix + field["key"]
            if field["type"] == "multiple_choice":
                answers[field["key"]] = self.data.getlist(key)  # type: ignore[attr-defined]
            elif field["type"] == "yes_no":
                answers[field["key"]] = {"true": True, "false": False}.get(self.data.get(key, ""))
            else:
                answers[field["key"]] = self.data.get(key, "")
        return answers

    def action_data(self) -> ActionData:
        cleaned = self.cleaned_data
        return ActionData(
            action_type=self.action_type,
            subject=cleaned["subject"],
            status=cleaned["status"],
            assignee=cleaned["assignee"],
            group=cleaned["group"],
            priority=cleaned["priority"],
            starts_at=cleaned["starts_at"],
            due_at=cleaned["due_at"],
            cc=cleaned["cc"],
            bcc=cleaned["bcc"],
            notify_contact=cleaned["notify_contact"],
            answers=self.posted_answers(),
        )

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            if name.startswith("answer_"):
                key = name.removeprefix("answer_")
                if key in self.answers.fields:
                    self.answers.add_error(key, messages)
                    continue
            self.add_error(name if name in self.fields else None, messages)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class RichText(forms.HiddenInput):
    """A Trix editor bound to a hidden input (what it writes is sanitised by the service)."""

    template_name = "crm/widgets/rich_text.html"
    is_hidden = False


class CommentForm(BootstrapFormMixin, forms.Form):
    body = forms.CharField(label=_("Comment"), widget=RichText())
    cc = forms.CharField(label=_("CC"), required=False, max_length=2000)
    bcc = forms.CharField(label=_("BCC"), required=False, max_length=2000)
    email_contact = forms.BooleanField(
        label=_("Send the comment to the contact by e-mail"), required=False
    )
    add_charges = forms.BooleanField(
        label=_("Add the call's charges to the e-mail"), required=False
    )
    # Read from request.FILES by the view (several files); here for its label and its errors.
    attachments = forms.FileField(
        label=_("Attachments"), required=False, widget=MultipleFileInput()
    )

    def clean_attachments(self) -> None:
        return None
