"""“Call these contacts”: from the contact search's filters to a new database and the
campaign wizard, prefilled with it."""

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadencia.accounts.http import request_user
from cadencia.campaigns.choices import CampaignType
from cadencia.campaigns.from_contacts import contact_database_from_contacts
from cadencia.contacts.filtersets import ContactFilterSet, valid_qs
from cadencia.contacts.selectors import contacts_with_phones
from cadencia.core.forms import BootstrapFormMixin, add_service_errors
from cadencia.core.pages import PageView
from cadencia.projects.ownership import allowed_projects

DATABASE_ONLY = "database"


class FromContactsForm(BootstrapFormMixin, forms.Form):
    target = forms.ChoiceField(
        label=gettext_lazy("Make"),
        choices=[
            (CampaignType.PREVIEW, gettext_lazy("A preview campaign")),
            (CampaignType.DIALER, gettext_lazy("A dialer campaign")),
            (DATABASE_ONLY, gettext_lazy("Only a contact database")),
        ],
        initial=CampaignType.PREVIEW,
    )
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    project: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=gettext_lazy("Project"), queryset=None
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = allowed_projects(user).order_by("name")
        field: Any = self.fields["project"]
        field.queryset = allowed
        if len(allowed) == 1:
            field.initial = allowed[0]


class CampaignFromContacts(PageView):
    permission_required = (
        "contacts.view_contact",
        "contacts.add_contactdatabase",
        "campaigns.add_campaign",
    )
    template_name = "campaigns/campaign_from_contacts.html"

    def filters(self, request: HttpRequest) -> ContactFilterSet:
        return ContactFilterSet(request.GET, queryset=contacts_with_phones(), request=request)

    def show(self, request: HttpRequest, form: FromContactsForm, status: int = 200) -> HttpResponse:
        filterset = self.filters(request)
        try:
            total: int | None = valid_qs(filterset).count()
        except ValidationError as exc:
            form.add_error(None, exc)
            total = None
        values = filterset.form.cleaned_data if total is not None else {}
        fields = filterset.form.fields
        chosen = [(fields[k].label, v) for k, v in values.items() if v not in (None, "", [])]
        return self.render(
            {"form": form, "total": total, "chosen": chosen, "query": request.GET.urlencode()},
            status=status,
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.show(request, FromContactsForm(user=request_user(request)))

    def post(self, request: HttpRequest) -> HttpResponse:
        user = request_user(request)
        form = FromContactsForm(request.POST, user=user)
        if not form.is_valid():
            return self.show(request, form, status=400)
        try:
            contacts = valid_qs(self.filters(request))
            database = contact_database_from_contacts(
                contacts=contacts,
                name=form.cleaned_data["name"],
                project_id=form.cleaned_data["project"].pk,
                user=user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.show(request, form, status=400)
        target = form.cleaned_data["target"]
        messages.success(
            request,
            _("The contact database “%(name)s” was made with the chosen contacts.")
            % {"name": database},
        )
        if target == DATABASE_ONLY:
            return redirect("contacts:database_detail", pk=database.pk)
        wizard = {
            "type": target,
            "name": form.cleaned_data["name"],
            "contact_database": database.pk,
            "project": form.cleaned_data["project"].pk,
        }
        return redirect(f"{reverse('campaigns:campaign_add')}?{urlencode(wizard)}")
