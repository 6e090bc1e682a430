"""Ticket pages: the list (red while an action is pending, green when none is), a new ticket
with one or more actions, a ticket with its actions, their journal and comments."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from cadencia.accounts.http import request_user
from cadencia.campaigns.answers import answers_display
from cadencia.contacts.models import Contact
from cadencia.core.forms import add_service_errors
from cadencia.core.pages import ActionView, PageView
from cadencia.crm import comments, selectors, services
from cadencia.crm.choices import ActionStatus
from cadencia.crm.forms import ActionForm, CommentForm, TicketForm
from cadencia.crm.models import ActionType, Ticket, TicketAction
from cadencia.projects.ownership import allowed_projects

VIEW = "crm.view_ticket"


def _target(request: HttpRequest) -> tuple[Any, Contact | None, list[int]]:
    """The call or contact a new ticket is opened from, and the projects it may go to."""
    user = request_user(request)
    call_id, contact_id = request.GET.get("call", ""), request.GET.get("contact", "")
    if call_id.isdigit():
        call = get_object_or_404(
            selectors.calls_visible(user).select_related("contact"), pk=call_id
        )
        return call, call.contact, [call.project_id]
    if contact_id.isdigit():
        contact = get_object_or_404(
            Contact.objects.select_related("database", "company"), pk=contact_id
        )
        allowed = set(allowed_projects(user).values_list("pk", flat=True))
        return None, contact, sorted(set(contact.project_ids()) & allowed)
    return None, None, sorted(allowed_projects(user).values_list("pk", flat=True))


def _action_forms(project_id: int, data: Any = None) -> list[tuple[ActionType, ActionForm, bool]]:
    forms = []
    for action_type in selectors.action_types_of(project_id):
        prefix = f"t{action_type.pk}"
        chosen = bool(data is not None and data.get(f"{prefix}-include"))
        # Unopened sections stay empty: the browser must not require their fields.
        form = ActionForm(
            data if chosen else None,
            action_type=action_type,
            project_id=project_id,
            prefix=prefix,
            use_required_attribute=False,
        )
        forms.append((action_type, form, chosen))
    return forms


class TicketNew(PageView):
    """From a call (?call=), a contact (?contact=) or nothing: a subject, a description and one
    action of each type the agent opens (the seed's "+ Reporte CC" buttons)."""

    permission_required = ("crm.add_ticket", VIEW)
    template_name = "crm/ticket_new.html"

    def setup_target(self, request: HttpRequest) -> tuple[Any, Contact | None, int]:
        call, contact, projects = _target(request)
        chosen = request.POST.get("project") or request.GET.get("project") or ""
        if not projects:
            raise Http404
        project_id = int(chosen) if chosen.isdigit() and int(chosen) in projects else projects[0]
        return call, contact, project_id

    def page(
        self, request: HttpRequest, form: TicketForm, data: Any = None, status: int = 200
    ) -> HttpResponse:
        call, contact, project_id = self.setup_target(request)
        _c, _t, projects = _target(request)
        return self.render(
            {
                "form": form,
                "call": call,
                "contact": contact,
                "project_id": project_id,
                "projects": allowed_projects(request_user(request)).filter(pk__in=projects),
                "action_forms": _action_forms(project_id, data),
            },
            status=status,
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(request, TicketForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        call, contact, project_id = self.setup_target(request)
        form = TicketForm(request.POST)
        action_forms = _action_forms(project_id, request.POST)
        chosen = [f for _t, f, include in action_forms if include]
        if not form.is_valid() or not all(f.is_valid() for f in chosen):
            return self.render_again(request, form, action_forms, call, contact, project_id)
        try:
            ticket = services.ticket_open(
                project_id=project_id,
                subject=form.cleaned_data["subject"],
                description=form.cleaned_data["description"],
                user=request_user(request),
                contact=contact,
                call=call,
                actions=[f.action_data() for f in chosen],
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                index, _sep, rest = name.partition("_")
                if index.startswith("action") and index[6:].isdigit():
                    chosen[int(index[6:]) - 1].add_service_errors({rest: errors})
                else:
                    form.add_error(name if name in form.fields else None, errors)
            return self.render_again(request, form, action_forms, call, contact, project_id)
        messages.success(request, _("Ticket #%(number)s was opened.") % {"number": ticket.pk})
        return redirect("crm:ticket_detail", pk=ticket.pk)

    def render_again(
        self,
        request: HttpRequest,
        form: TicketForm,
        action_forms: Any,
        call: Any,
        contact: Any,
        project_id: int,
    ) -> HttpResponse:
        _c, _t, projects = _target(request)
        return self.render(
            {
                "form": form,
                "call": call,
                "contact": contact,
                "project_id": project_id,
                "projects": allowed_projects(request_user(request)).filter(pk__in=projects),
                "action_forms": action_forms,
                "no_action": not any(include for _t, _f, include in action_forms),
            },
            status=400,
        )


def _ticket(pk: int) -> Ticket:
    return get_object_or_404(
        Ticket.objects.select_related("contact", "company", "call", "opened_by"), pk=pk
    )


class TicketDetail(PageView):
    permission_required = VIEW
    template_name = "crm/ticket_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        ticket = _ticket(pk)
        actions = selectors.ticket_actions(ticket)
        for action in actions:
            version = action.form_version
            shown = answers_display(version.fields if version else [], action.answers)
            action.shown_answers = shown  # type: ignore[attr-defined]
            # One form per action on the page: prefixed, so their fields' ids do not collide.
            action.comment_form = CommentForm(prefix=f"a{action.pk}")  # type: ignore[attr-defined]
        return self.render(
            {
                "ticket": ticket,
                "actions": actions,
                "types": selectors.action_types_of(ticket.project_id),
                "edit_form": TicketForm(
                    initial={"subject": ticket.subject, "description": ticket.description}
                ),
            }
        )


class TicketEdit(ActionView):
    permission_required = ("crm.change_ticket", VIEW)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        ticket = _ticket(pk)
        form = TicketForm(request.POST)
        if form.is_valid():
            try:
                services.ticket_edit(ticket=ticket, **form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The ticket was saved."))
        else:
            messages.error(request, _("A ticket needs a subject."))
        return redirect("crm:ticket_detail", pk=ticket.pk)


class ActionAdd(PageView):
    """Another action on an existing ticket, of the chosen type."""

    permission_required = ("crm.add_ticketaction", VIEW)
    template_name = "crm/action_form.html"

    def objects(self, pk: int, type_pk: int) -> tuple[Ticket, ActionType]:
        ticket = _ticket(pk)
        return ticket, get_object_or_404(selectors.action_types_of(ticket.project_id), pk=type_pk)

    def get(self, request: HttpRequest, pk: int, type_pk: int) -> HttpResponse:
        ticket, action_type = self.objects(pk, type_pk)
        form = ActionForm(action_type=action_type, project_id=ticket.project_id)
        return self.render({"ticket": ticket, "form": form, "action_type": action_type})

    def post(self, request: HttpRequest, pk: int, type_pk: int) -> HttpResponse:
        ticket, action_type = self.objects(pk, type_pk)
        form = ActionForm(request.POST, action_type=action_type, project_id=ticket.project_id)
        if form.is_valid():
            try:
                services.action_add(
                    ticket=ticket, data=form.action_data(), user=request_user(request)
                )
            except ValidationError as exc:
                form.add_service_errors(exc.message_dict)
            else:
                messages.success(request, _("The action was added."))
                return redirect("crm:ticket_detail", pk=ticket.pk)
        return self.render({"ticket": ticket, "form": form, "action_type": action_type}, status=400)


def _action(pk: int) -> TicketAction:
    actions = TicketAction.objects.select_related(
        "ticket__contact", "ticket__call", "action_type__form", "form_version"
    )
    return get_object_or_404(actions, pk=pk)


class ActionEdit(PageView):
    permission_required = ("crm.change_ticketaction", VIEW)
    template_name = "crm/action_form.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        action = _action(pk)
        form = ActionForm(
            action_type=action.action_type, project_id=action.project_id, instance=action
        )
        return self.render(
            {
                "ticket": action.ticket,
                "form": form,
                "action": action,
                "action_type": action.action_type,
            }
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        action = _action(pk)
        form = ActionForm(
            request.POST,
            action_type=action.action_type,
            project_id=action.project_id,
            instance=action,
        )
        if form.is_valid():
            try:
                services.action_update(
                    action=action, data=form.action_data(), user=request_user(request)
                )
            except ValidationError as exc:
                form.add_service_errors(exc.message_dict)
            else:
                messages.success(request, _("The action was saved."))
                return redirect("crm:ticket_detail", pk=action.ticket_id)
        context = {
            "ticket": action.ticket,
            "form": form,
            "action": action,
            "action_type": action.action_type,
        }
        return self.render(context, status=400)


class ActionStatusSet(ActionView):
    """Mark an action done, cancelled or pending again (journaled like any edit)."""

    permission_required = ("crm.change_ticketaction", VIEW)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        action = _action(pk)
        status = request.POST.get("status", "")
        if status not in ActionStatus.values:
            messages.error(request, _("Unknown status."))
        else:
            try:
                services.action_set_status(action=action, status=status, user=request_user(request))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        back = request.POST.get("next", "")
        if back.startswith("/") and url_has_allowed_host_and_scheme(back, {request.get_host()}):
            return redirect(back)
        return redirect("crm:ticket_detail", pk=action.ticket_id)


def comment_data(form: CommentForm) -> comments.CommentData:
    cleaned = {k: v for k, v in form.cleaned_data.items() if k != "attachments"}
    return comments.CommentData(**cleaned)


class ActionComment(PageView):
    permission_required = ("crm.add_comment", VIEW)
    template_name = "crm/comment_failed.html"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        action = _action(pk)
        form = CommentForm(request.POST, prefix=f"a{pk}")
        uploads = request.FILES.getlist(f"a{pk}-attachments")
        if form.is_valid():
            try:
                comments.comment_add(
                    user=request_user(request),
                    data=comment_data(form),
                    uploads=uploads,
                    action=action,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The comment was added."))
                return redirect(f"/crm/tickets/{action.ticket_id}/#action-{action.pk}")
        back = f"/crm/tickets/{action.ticket_id}/#action-{action.pk}"
        return self.render(
            {"form": form, "back": back, "files_errors": form.errors.get("files")}, status=400
        )
