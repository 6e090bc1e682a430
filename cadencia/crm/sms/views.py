"""The SMS conversation with a contact's number, and the provider's webhooks."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from cadencia.accounts.http import request_user
from cadencia.contacts.models import Contact
from cadencia.core.events import latest_event_id
from cadencia.core.pages import ActionView, PageView
from cadencia.crm.models import SmsMessage
from cadencia.crm.sms import services
from cadencia.crm.sms.providers import SignatureError, sms_provider

READ = services.READ
THREAD_SIZE = 100


def _thread(request: HttpRequest, pk: int) -> dict[str, Any]:
    contact = get_object_or_404(Contact.objects.select_related("database"), pk=pk)
    number = request.GET.get("number") or request.POST.get("number") or ""
    if number not in contact.phones:
        number = contact.phones[0] if contact.phones else ""
    thread = SmsMessage.objects.filter(number=number, project_id__in=contact.project_ids())
    latest = list(thread.select_related("sent_by").order_by("-created_at", "-pk")[:THREAD_SIZE])
    return {
        "contact": contact,
        "number": number,
        "sms": list(reversed(latest)),
        "opted_out": bool(number)
        and any(services.opted_out(p, number) for p in contact.project_ids()),
        "simulated": sms_provider().name == "simulated",
    }


class Conversation(PageView):
    permission_required = READ
    template_name = "crm/sms_conversation.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render({**_thread(request, pk), "last_event": latest_event_id()})


class ConversationPart(PageView):
    """The messages alone, fetched again when an ``sms.changed`` event arrives."""

    permission_required = READ
    template_name = "crm/sms_messages.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render(_thread(request, pk))


class Send(ActionView):
    permission_required = (READ, "crm.add_smsmessage")

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        context = _thread(request, pk)
        try:
            services.sms_send(
                user=request_user(request),
                contact=context["contact"],
                number=context["number"],
                body=request.POST.get("body", ""),
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect(f"/crm/sms/{pk}/?number={context['number']}")


class SimulateReply(ActionView):
    """Only with the simulated provider: the contact answers."""

    permission_required = (READ, "crm.add_smsmessage")

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        context = _thread(request, pk)
        body = request.POST.get("body", "").strip()
        if context["simulated"] and body and context["number"]:
            project_id = services.sms_project(request_user(request), context["contact"])
            services.sms_simulate_reply(project_id=project_id, number=context["number"], body=body)
        elif not context["simulated"]:
            messages.error(request, _("Replies are simulated only with the simulated provider."))
        return redirect(f"/crm/sms/{pk}/?number={context['number']}")


class Notice(PageView):
    """Fetched on every page when an ``sms.changed`` event arrives: the latest reply, in the
    last few minutes, to a number the user wrote to last (the reply pops up wherever they are)."""

    permission_required = READ
    template_name = "crm/sms_notice.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render({"message": services.latest_reply_for(request_user(request))})


@method_decorator(csrf_exempt, name="dispatch")
class Webhook(View):
    """The provider's calls: an inbound message, or a sent one's status. Refused (403) unless
    signed with the provider's secret."""

    http_method_names = ["post"]
    kind = "inbound"

    def post(self, request: HttpRequest) -> HttpResponse:
        provider = sms_provider()
        params = {k: request.POST.get(k, "") for k in request.POST}
        signature = request.headers.get("X-Twilio-Signature", "")
        url = request.build_absolute_uri()
        try:
            if self.kind == "inbound":
                services.sms_receive(provider.inbound(url=url, params=params, signature=signature))
            else:
                services.sms_status_update(
                    provider.status_report(url=url, params=params, signature=signature)
                )
        except SignatureError:
            return HttpResponse("bad signature", status=403, content_type="text/plain")
        # Twilio reads TwiML; an empty response sends no automatic reply.
        return HttpResponse("<Response/>", content_type="text/xml")
