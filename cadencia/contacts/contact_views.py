"""Contact list (filters, keyset pages, CSV export), detail, and manual create/edit/delete."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cadencia.contacts import services
from cadencia.contacts.export import export_rows
from cadencia.contacts.filtersets import ContactFilterSet
from cadencia.contacts.forms import ContactForm
from cadencia.contacts.models import Contact, ContactDatabase
from cadencia.contacts.selectors import contacts_with_phones

PAGE_SIZE = 50


def _filtered(request: HttpRequest) -> ContactFilterSet:
    return ContactFilterSet(request.GET or None, queryset=contacts_with_phones(), request=request)


@login_required
@permission_required("contacts.view_contact", raise_exception=True)
def contact_list(request: HttpRequest) -> HttpResponse:
    """Keyset pages (newest first, ``?after=<id>``): constant cost however deep the page."""
    filterset = _filtered(request)
    contacts = filterset.qs.order_by("-pk")
    after = request.GET.get("after", "")
    if after.isdigit():
        contacts = contacts.filter(pk__lt=int(after))
    page = list(contacts[: PAGE_SIZE + 1])
    has_next = len(page) > PAGE_SIZE
    page = page[:PAGE_SIZE]
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "contacts/contact_list.html",
        {
            "filter": filterset,
            "contacts": page,
            "next_after": page[-1].pk if has_next else None,
            "query": query.urlencode(),
        },
    )


@login_required
@permission_required("contacts.view_contact", raise_exception=True)
def contact_export(request: HttpRequest) -> StreamingHttpResponse:
    filterset = _filtered(request)
    database = filterset.form.cleaned_data.get("database") if filterset.is_valid() else None
    response = StreamingHttpResponse(
        export_rows(filterset.qs.order_by("pk"), database), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="contacts.csv"'
    return response


@login_required
@permission_required("contacts.view_contact", raise_exception=True)
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(contacts_with_phones(), pk=pk)
    return render(request, "contacts/contact_detail.html", {"contact": contact})


def _edit(request: HttpRequest, contact: Contact) -> HttpResponse:
    form = ContactForm(request.POST or None, contact=contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_save(
                contact=contact,
                phones=form.cleaned_data["phone_list"],
                fields=form.cleaned_data["values"],
                external_id=form.cleaned_data["external_id"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("“%(name)s” was saved.") % {"name": contact})
            return redirect("contacts:contact_detail", pk=contact.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "contacts/contact_form.html", {"form": form, "contact": contact}, status=status
    )


@login_required
@permission_required("contacts.add_contact", raise_exception=True)
def contact_add(request: HttpRequest, database_pk: int) -> HttpResponse:
    database = get_object_or_404(ContactDatabase.objects.all(), pk=database_pk)
    return _edit(request, Contact(database=database))


@login_required
@permission_required("contacts.change_contact", raise_exception=True)
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, get_object_or_404(contacts_with_phones(), pk=pk))


@login_required
@permission_required("contacts.delete_contact", raise_exception=True)
@require_POST
def contact_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contact: Any = get_object_or_404(Contact.objects.all(), pk=pk)
    database_pk = contact.database_id
    services.contact_delete(contact=contact)
    messages.success(request, _("“%(name)s” was deleted.") % {"name": contact})
    return redirect(f"/contacts/contacts/?database={database_pk}")
