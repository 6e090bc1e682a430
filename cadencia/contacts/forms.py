from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadencia.contacts.importing.validate import TYPE_REASONS, convert
from cadencia.contacts.models import Company, Contact, ContactDatabase
from cadencia.core.forms import BootstrapFormMixin
from cadencia.projects.forms import MultiProjectFormMixin


class ContactDatabaseForm(MultiProjectFormMixin, forms.ModelForm):
    class Meta:
        model = ContactDatabase
        fields = ["name", "default_region"]


class CompanyForm(MultiProjectFormMixin, forms.ModelForm):
    class Meta:
        model = Company
        fields = ["name", "tax_id", "phones", "email", "address", "notes"]
        widgets = {
            "phones": forms.Textarea(attrs={"rows": 2}),
            "address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class ContactForm(BootstrapFormMixin, forms.Form):
    """A contact of one database: its external ID, phones and one field per database column."""

    external_id = forms.CharField(label=gettext_lazy("External ID"), max_length=100, required=False)
    phones = forms.CharField(
        label=gettext_lazy("Phones"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One per line, in any format; the first is the main number."),
        max_length=500,
    )
    # Scoped: the queryset is set per form (a scoped manager cannot be read at import).
    company: forms.ModelChoiceField[Company] = forms.ModelChoiceField(
        label=gettext_lazy("Company"), queryset=None, required=False
    )

    def __init__(self, *args: Any, contact: Contact, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.contact = contact
        # Read in the user's scope: another project's company is no choice.
        self.fields["company"].queryset = Company.objects.all()  # type: ignore[attr-defined]
        self.columns = contact.database.columns
        for column in self.columns:
            self.fields[f"field_{column['name']}"] = forms.CharField(
                label=column["name"], required=False, max_length=1000
            )
        if contact.pk:
            self.initial.update(
                {
                    "external_id": contact.external_id,
                    "phones": "\n".join(contact.phones),
                    "company": contact.company_id,
                    **{f"field_{k}": v for k, v in contact.fields.items()},
                }
            )
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        values: dict[str, Any] = dict(self.contact.fields) if self.contact.pk else {}
        for column in self.columns:
            raw = cleaned.get(f"field_{column['name']}", "") or ""
            try:
                values[column["name"]] = convert(raw, column.get("type", "text"))
            except ValueError:
                self.add_error(f"field_{column['name']}", _(TYPE_REASONS[column["type"]]))
        cleaned["values"] = values
        cleaned["phone_list"] = [p for p in (cleaned.get("phones") or "").splitlines() if p.strip()]
        return cleaned
