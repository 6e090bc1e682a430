"""Contact search (filters, keyset pages; downloads in ``export``), detail, create, edit, delete."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from cadencia.contacts import services
from cadencia.contacts.filtersets import ContactFilterSet
from cadencia.contacts.forms import ContactForm
from cadencia.contacts.models import Contact, ContactDatabase
from cadencia.contacts.panels import CONTACT_PANELS
from cadencia.contacts.selectors import contacts_page, contacts_with_phones
from cadencia.core.pages import ActionView, PageView

PAGE_SIZE = 50


def _filtered(request: HttpRequest) -> ContactFilterSet:
    return ContactFilterSet(request.GET or None, queryset=contacts_with_phones(), request=request)


class ContactList(PageView):
    """Keyset pages (``selectors.contacts_page``): constant cost however deep the page."""

    permission_required = "contacts.view_contact"
    template_name = "contacts/contact_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        filterset = _filtered(request)
        page, next_after = contacts_page(
            filterset.qs, after=request.GET.get("after", ""), size=PAGE_SIZE
        )
        query = request.GET.copy()
        query.pop("after", None)
        return self.render(
            {
                "filter": filterset,
                "contacts": page,
                "next_after": next_after,
                "query": query.urlencode(),
                "databases": ContactDatabase.objects.order_by("name")[:50],
            }
        )


class ContactDetail(PageView):
    permission_required = "contacts.view_contact"
    template_name = "contacts/contact_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        contact = get_object_or_404(contacts_with_phones(), pk=pk)
        return self.render({"contact": contact, "panels": CONTACT_PANELS})


class ContactEditMixin(PageView):
    template_name = "contacts/contact_form.html"

    def contact(self) -> Contact:
        raise NotImplementedError

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        contact = self.contact()
        return self.render({"form": ContactForm(contact=contact), "contact": contact})

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        contact = self.contact()
        form = ContactForm(request.POST, contact=contact)
        if form.is_valid():
            try:
                services.contact_save(
                    contact=contact,
                    phones=form.cleaned_data["phone_list"],
                    fields=form.cleaned_data["values"],
                    external_id=form.cleaned_data["external_id"],
                    company=form.cleaned_data["company"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("“%(name)s” was saved.") % {"name": contact})
                return redirect("contacts:contact_detail", pk=contact.pk)
        return self.render({"form": form, "contact": contact}, status=400)


class ContactAdd(ContactEditMixin):
    permission_required = "contacts.add_contact"

    def contact(self) -> Contact:
        databases = ContactDatabase.objects.all()
        return Contact(database=get_object_or_404(databases, pk=self.kwargs["database_pk"]))


class ContactEdit(ContactEditMixin):
    permission_required = "contacts.change_contact"

    def contact(self) -> Contact:
        return get_object_or_404(contacts_with_phones(), pk=self.kwargs["pk"])


class ContactDelete(ActionView):
    permission_required = "contacts.delete_contact"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        contact: Any = get_object_or_404(Contact.objects.all(), pk=pk)
        database_pk = contact.database_id
        services.contact_delete(contact=contact)
        messages.success(request, _("“%(name)s” was deleted.") % {"name": contact})
        return redirect(f"/contacts/contacts/?database={database_pk}")
