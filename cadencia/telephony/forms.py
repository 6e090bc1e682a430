from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadencia.core.forms import BootstrapFormMixin
from cadencia.projects.forms import MultiProjectFormMixin, SingleProjectFormMixin
from cadencia.telephony.models import OutboundRoute, SipTrunk

TRUNK_SLOTS = 5


class SipTrunkForm(MultiProjectFormMixin, forms.ModelForm):
    password = forms.CharField(
        label=_("Password"),
        required=False,
        max_length=200,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Stored encrypted, never shown again. Leave empty to keep the current one."),
    )

    class Meta:
        model = SipTrunk
        fields = ["name", "host", "port", "transport", "username", "register", "max_channels"]

    def new_password(self) -> str | None:
        return self.cleaned_data.get("password") or None


def _rules_text(rules: list[dict[str, Any]]) -> str:
    return "\n".join(f"{r['pattern']} | {r['strip']} | {r['prepend']}" for r in rules)


class OutboundRouteForm(SingleProjectFormMixin, forms.ModelForm):
    patterns_text = forms.CharField(
        label=_("Dial patterns"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One per line: “pattern | digits to strip | prefix”, e.g. “0ZXXXXXXXXX | 1 | +54”. "
            "X any digit, Z 1-9, N 2-9, [1-5] a set, a final . for anything more."
        ),
    )
    error_fields = {"patterns": "patterns_text", "trunks": "trunk_1"}

    class Meta:
        model = OutboundRoute
        fields = ["name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["patterns_text"].initial = _rules_text(self.instance.patterns)
        current = self.instance.ordered_trunks() if self.instance.pk else []
        for slot in range(1, TRUNK_SLOTS + 1):
            field: forms.ModelChoiceField[SipTrunk] = forms.ModelChoiceField(
                label=_("Trunk %(n)d") % {"n": slot},
                queryset=SipTrunk.objects.order_by("name"),
                required=slot == 1,
                help_text=_("Tried first; the next ones on failure.") if slot == 1 else "",
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            field.initial = current[slot - 1].pk if len(current) >= slot else None
            self.fields[f"trunk_{slot}"] = field

    def rules(self) -> list[dict[str, Any]]:
        rules: list[dict[str, Any]] = []
        for line in self.cleaned_data.get("patterns_text", "").splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            strip = parts[1] if len(parts) > 1 and parts[1] else "0"
            rules.append(
                {
                    "pattern": parts[0],
                    "strip": int(strip) if strip.isdigit() else strip,
                    "prepend": parts[2] if len(parts) > 2 else "",
                }
            )
        return rules

    def trunks(self) -> list[SipTrunk]:
        return [
            t for slot in range(1, TRUNK_SLOTS + 1) if (t := self.cleaned_data.get(f"trunk_{slot}"))
        ]


class DialPreviewForm(BootstrapFormMixin, forms.Form):
    number = forms.CharField(label=_("Number to dial"), max_length=40)
