"""The CRM on a call's page (comments, attachments, its tickets) and on a contact's page, and
attachment downloads for those who may see the call or the ticket."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from cadencia.accounts.http import request_user
from cadencia.contacts.models import Contact
from cadencia.core.forms import add_service_errors
from cadencia.core.pages import ActionView, PageView
from cadencia.crm import comments, selectors
from cadencia.crm.forms import CommentForm
from cadencia.crm.models import Attachment, Ticket
from cadencia.crm.views import VIEW, comment_data


def _call(request: HttpRequest, pk: int) -> object:
    return get_object_or_404(
        selectors.calls_visible(request_user(request)).select_related("contact"), pk=pk
    )


class CallPart(PageView):
    """Shown under the disposition form: the call's comments and attachments, its contact's
    open tickets, a new ticket from the call and a search for an existing one."""

    permission_required = VIEW
    template_name = "crm/call_part.html"

    def get(self, request: HttpRequest, pk: int, form: CommentForm | None = None) -> HttpResponse:
        call: object = _call(request, pk)
        contact_id = getattr(call, "contact_id", None)
        tickets = (
            selectors.tickets_listed(status="open", contact_id=contact_id)[:10]
            if contact_id
            else []
        )
        return self.render(
            {
                "call": call,
                "tickets": tickets,
                "call_tickets": Ticket.objects.filter(call=call).order_by("-pk")[:10],
                "comments": selectors.call_comments(call),  # type: ignore[arg-type]
                "attachments": Attachment.objects.filter(call=call, comment=None),
                "comment_form": form or CommentForm(prefix="call"),
            }
        )


class CallComment(PageView):
    permission_required = ("crm.add_comment", VIEW)
    template_name = "crm/comment_failed.html"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        call = _call(request, pk)
        form = CommentForm(request.POST, prefix="call")
        back = f"/console/?call={pk}"
        if form.is_valid():
            try:
                comments.comment_add(
                    user=request_user(request),
                    data=comment_data(form),
                    uploads=request.FILES.getlist("call-attachments"),
                    call=call,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The comment was added."))
                return redirect(back)
        return self.render({"form": form, "back": back}, status=400)


class CallAttach(ActionView):
    permission_required = ("crm.add_attachment", VIEW)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        call = _call(request, pk)
        try:
            comments.call_attach(
                call=call, uploads=request.FILES.getlist("attachments"), user=request_user(request)
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The files were attached to the call."))
        return redirect(f"/console/?call={pk}")


class AttachmentFile(PageView):
    """A call's attachment for those who see the call; a comment's for those who see its call
    or its ticket."""

    permission_required = VIEW

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        attachment = get_object_or_404(Attachment.objects.select_related("comment"), pk=pk)
        user = request_user(request)
        call_id = attachment.call_id or (attachment.comment.call_id if attachment.comment else None)
        if call_id is not None:
            get_object_or_404(selectors.calls_visible(user), pk=call_id)
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.name,
            content_type=attachment.content_type,
        )


class ContactPart(PageView):
    permission_required = VIEW
    template_name = "crm/contact_part.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        contact = get_object_or_404(Contact.objects.all(), pk=pk)
        tickets = selectors.tickets_listed(contact_id=contact.pk)[:20]
        return self.render({"contact": contact, "tickets": tickets})
