from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadencia.contacts.choices import ColumnType, DuplicateKey, DuplicatePolicy, ImportMode
from cadencia.contacts.importing.phones import PhonePolicy
from cadencia.contacts.importing.validate import Mapping
from cadencia.core.forms import BootstrapFormMixin

ROLE_FIELD, ROLE_PHONE, ROLE_EXTERNAL_ID, ROLE_IGNORE = "field", "phone", "external_id", "ignore"
ROLE_CHOICES = [
    (ROLE_FIELD, gettext_lazy("Field")),
    (ROLE_PHONE, gettext_lazy("Phone")),
    (ROLE_EXTERNAL_ID, gettext_lazy("External ID")),
    (ROLE_IGNORE, gettext_lazy("Ignore")),
]
HEADER_CHOICES = [
    ("auto", gettext_lazy("Detect")),
    ("yes", gettext_lazy("Yes")),
    ("no", gettext_lazy("No")),
]


PHONE_POLICY_CHOICES = [
    (PhonePolicy.STRICT, gettext_lazy("Reject them (strict)")),
    (PhonePolicy.KEEP, gettext_lazy("Keep them as dialed, marked unverified")),
]


class UploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV or XLSX file"))
    has_header = forms.ChoiceField(
        label=gettext_lazy("First row is a header"), choices=HEADER_CHOICES
    )
    sheet = forms.CharField(
        label=gettext_lazy("Sheet (XLSX)"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Empty: the first sheet."),
    )

    def __init__(self, *args: Any, max_bytes: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": round(upload.size / 1e6, 1), "limit": round(self.max_bytes / 1e6, 1)}
            )
        name = upload.name.lower()
        if not name.endswith((".csv", ".txt", ".xlsx", ".xls")):
            raise forms.ValidationError(_("Upload a .csv, .txt, .xlsx or .xls file."))
        return upload


class MappingForm(BootstrapFormMixin, forms.Form):
    """One role and one type per column, plus the duplicate policy and the import mode."""

    duplicates = forms.ChoiceField(
        label=gettext_lazy("Duplicates"), choices=DuplicatePolicy.choices
    )
    duplicate_key = forms.ChoiceField(
        label=gettext_lazy("A duplicate has"), choices=DuplicateKey.choices
    )
    mode = forms.ChoiceField(label=gettext_lazy("Mode"), choices=ImportMode.choices)
    phone_policy = forms.ChoiceField(
        label=gettext_lazy("Numbers that cannot be validated"),
        choices=PHONE_POLICY_CHOICES,
        initial=PhonePolicy.STRICT,
        required=False,  # left out: strict, as before the choice existed
        help_text=gettext_lazy(
            "Local numbers without area code, extensions and numbers from outdated plans can be "
            "kept as dialed: they are marked unverified and still found by lookups."
        ),
    )

    def __init__(
        self, *args: Any, columns: list[str], remembered: dict[str, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.columns = columns
        phones = remembered.get("phone_columns", [])
        self.fields["phone_policy"].initial = remembered.get("phone_policy", PhonePolicy.STRICT)
        types = remembered.get("column_types", {})
        for i, column in enumerate(columns):
            role = ROLE_PHONE if column in phones else ROLE_FIELD
            if column == remembered.get("external_id_column"):
                role = ROLE_EXTERNAL_ID
            if not remembered and any(
                w in column.lower() for w in ("tel", "phone", "cel", "movil", "móvil")
            ):
                role = ROLE_PHONE
            self.fields[f"role_{i}"] = forms.ChoiceField(
                label=column, choices=ROLE_CHOICES, initial=role
            )
            self.fields[f"type_{i}"] = forms.ChoiceField(
                label=column, choices=ColumnType.choices, initial=types.get(column, ColumnType.TEXT)
            )
            for name in (f"role_{i}", f"type_{i}"):
                self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
            self.fields[f"order_{i}"] = forms.IntegerField(
                label=column,
                required=False,
                min_value=1,
                max_value=len(columns),
                initial=phones.index(column) + 1 if column in phones else None,
            )
            self.fields[f"order_{i}"].widget.attrs.update(
                {"class": "form-control form-control-sm", "style": "width: 5em"}
            )

    def column_rows(self) -> list[tuple[str, Any, Any, Any]]:
        return [
            (c, self[f"role_{i}"], self[f"type_{i}"], self[f"order_{i}"])
            for i, c in enumerate(self.columns)
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        roles = [cleaned.get(f"role_{i}") for i in range(len(self.columns))]
        if ROLE_PHONE not in roles:
            raise forms.ValidationError(_("Mark at least one column as a phone."))
        if roles.count(ROLE_EXTERNAL_ID) > 1:
            raise forms.ValidationError(_("Only one column can be the external ID."))
        seen: dict[int, str] = {}
        for i, column in enumerate(self.columns):
            order = cleaned.get(f"order_{i}")
            if roles[i] != ROLE_PHONE or order is None:
                continue
            if order in seen:
                self.add_error(
                    f"order_{i}",
                    _("Phone columns “%(first)s” and “%(second)s” have the same order %(order)s.")
                    % {"first": seen[order], "second": column, "order": order},
                )
            seen[order] = column
        return cleaned

    def _phone_columns(self) -> list[str]:
        """Phone columns by the order the user gave; unnumbered ones after, in file order."""
        numbered = [
            (self.cleaned_data.get(f"order_{i}") or len(self.columns) + i + 1, column)
            for i, column in enumerate(self.columns)
            if self.cleaned_data[f"role_{i}"] == ROLE_PHONE
        ]
        return [column for _order, column in sorted(numbered)]

    def mapping(self) -> Mapping:
        external_id, types = "", {}
        for i, column in enumerate(self.columns):
            role = self.cleaned_data[f"role_{i}"]
            if role == ROLE_EXTERNAL_ID:
                external_id = column
            elif role == ROLE_FIELD:
                types[column] = self.cleaned_data[f"type_{i}"]
        ignored = [
            c for i, c in enumerate(self.columns) if self.cleaned_data[f"role_{i}"] == ROLE_IGNORE
        ]
        return Mapping(
            self._phone_columns(),
            external_id,
            types,
            ignored,
            self.cleaned_data.get("phone_policy") or PhonePolicy.STRICT,
        )
