"""The agent console, the calls panel, My dispositions and the supervisors' live view.

Pages render the state from the database; the event socket tells them when to fetch a part
again (``data-refresh-on``), so a reload or a reconnect always shows the truth.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from cadencia.accounts.http import request_user
from cadencia.campaigns.answers import answers_display
from cadencia.campaigns.form_render import answers_form
from cadencia.campaigns.models import Campaign, PauseReason
from cadencia.console import selectors
from cadencia.console.choices import DispositionStatus
from cadencia.console.extensions import CALL_PANELS, annotate
from cadencia.console.forms import (
    DialForm,
    DispositionForm,
    InjectForm,
    MyDispositionsFilter,
    SessionForm,
    StateForm,
    posted_answers,
)
from cadencia.console.models import Call, Recording
from cadencia.console.services import agents, calls, contacts, dispositions
from cadencia.contacts.models import Contact
from cadencia.core.events import latest_event_id
from cadencia.core.forms import add_service_errors
from cadencia.core.pages import ActionView, PageView

USE = "console.use_console"


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


class ConsolePage(PageView):
    """The agent's home: log in to campaigns, then dial, take calls and record dispositions."""

    permission_required = USE
    template_name = "console/console.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        context = self.context()
        response = self.render(context)
        session = context["session"]
        origins = selectors.external_origins(session.campaigns.all()) if session else []
        if origins:
            # The campaigns' external sites may open in a frame of the call or by a posted form.
            response._csp_update = {  # type: ignore[attr-defined]
                "frame-src": origins,
                "form-action": ["'self'", *origins],
            }
        return response

    def post(self, request: HttpRequest) -> HttpResponse:
        """Log in to the chosen campaigns."""
        agent = request_user(request)
        form = SessionForm(request.POST, campaigns=selectors.campaigns_to_work(agent))
        if form.is_valid():
            try:
                agents.session_start(agent=agent, campaigns=list(form.cleaned_data["campaigns"]))
                return redirect("console:console")
            except ValidationError as exc:
                add_service_errors(form, exc)
        return self.render(self.context(session_form=form), status=400)

    def context(self, **extra: Any) -> dict[str, Any]:
        agent = request_user(self.request)
        session = selectors.open_session(agent)
        context: dict[str, Any] = {"last_event": latest_event_id(), "session": session}
        if session is None:
            context["session_form"] = extra.get("session_form") or SessionForm(
                campaigns=selectors.campaigns_to_work(agent)
            )
            return context
        context |= panel_context(self.request, session)
        worked = session.campaigns.all()
        context["dial_form"] = DialForm(campaigns=worked)
        call_id = self.request.GET.get("call", "")
        if call_id.isdigit():
            context |= disposition_context(self.request, int(call_id))
        return context


def panel_context(request: HttpRequest, session: Any) -> dict[str, Any]:
    agent = request_user(request)
    call = session.call
    context: dict[str, Any] = {
        "session": session,
        "reasons": PauseReason.objects.filter(
            project_id__in=session.campaigns.values("project_id")
        ),
        "call": call,
        "pending": selectors.pending_calls(agent)[:50],
    }
    if call is not None:
        campaign = call.campaign
        if call.contact is not None:
            context["card"] = selectors.contact_card(campaign, call.contact, agent=agent)
        else:
            context["matches"] = selectors.matching_contacts(campaign, call.number)
            context["columns"] = contacts.editable_columns(campaign)
        context["external"] = selectors.external_request(call, agent)
    return context


def disposition_context(request: HttpRequest, call_id: int, data: Any = None) -> dict[str, Any]:
    agent = request_user(request)
    call = get_object_or_404(
        Call.objects.select_related("campaign", "contact"), pk=call_id, agent=agent
    )
    if call.disposition_status != DispositionStatus.PENDING:
        return {}
    draft = getattr(call, "draft", None)
    saved = data if data is not None else (draft.data if draft is not None else {})
    options = call.campaign.options.filter(hidden=False).select_related("form")
    form = DispositionForm(data if data is not None else None, initial=saved, options=options)
    answer_forms = {}
    for option in options:
        if option.form_id is not None:
            version = option.form.current_version()
            fields = version.fields if version else []
            answer_forms[option.pk] = answers_form(fields, data if data is not None else None)
            answer_forms[option.pk].prefix = f"o{option.pk}"
            if data is None:
                prefix = f"o{option.pk}-"
                answer_forms[option.pk].initial = {
                    k.removeprefix(prefix): v for k, v in saved.items() if k.startswith(prefix)
                }
    card = (
        selectors.contact_card(call.campaign, call.contact, agent=agent) if call.contact else None
    )
    return {
        "disposition_call": call,
        "disposition_form": form,
        "answer_forms": answer_forms,
        "disposition_card": card,
        "call_panels": CALL_PANELS,
    }


class ConsolePanel(PageView):
    """The console's live part (state, current call, pending list), fetched again on events."""

    permission_required = USE
    template_name = "console/panel.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        session = selectors.open_session(request_user(request))
        if session is None:
            return HttpResponse(status=286)  # htmx: stop; the page itself shows the log-in
        return self.render(panel_context(request, session))


class CallsPanel(PageView):
    """The calls panel shown on every page of an agent: the ringing or live call."""

    permission_required = USE
    template_name = "console/calls_panel.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        agent = request_user(request)
        session = selectors.open_session(agent)
        call = session.call if session is not None else None
        context: dict[str, Any] = {"call": call}
        if call is not None:
            external = selectors.external_request(call, agent)
            # A link opens a GET site in a new tab from any page; posted and framed sites open
            # from the console, whose page lets its forms and frames reach them.
            if external is not None and external.method == "GET" and not external.embedded:
                context["external_url"] = external.url
        return self.render(context)


class StateAction(ActionView):
    permission_required = USE

    def post(self, request: HttpRequest) -> HttpResponse:
        agent = request_user(request)
        form = StateForm(request.POST, reasons=PauseReason.objects.all())
        try:
            if not form.is_valid():
                raise ValidationError(_("Choose a state."))
            agents.agent_state_request(
                agent=agent,
                state=form.cleaned_data["state"],
                pause_reason=form.cleaned_data["pause_reason"],
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        return redirect("console:console")


def _worked_campaign(request: HttpRequest, value: Any) -> Campaign:
    session = selectors.open_session(request_user(request))
    if session is None or not str(value).isdigit():
        raise Http404
    return get_object_or_404(session.campaigns.all(), pk=int(value))


class MatchFragment(PageView):
    """Contacts of the campaign's database with the number typed (on any of their phones), a
    search, and a new-contact form: the agent confirms who they are calling."""

    permission_required = USE
    template_name = "console/match.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign = _worked_campaign(request, request.GET.get("campaign"))
        number = request.GET.get("number", "").strip()[:40]
        search = request.GET.get("q", "").strip()[:100]
        context = {
            "campaign": campaign,
            "number": number,
            "search": search,
            "matches": selectors.matching_contacts(campaign, number),
            "found": selectors.search_contacts(campaign, search) if search else [],
            "columns": contacts.editable_columns(campaign),
            "error": "" if number or search else _("Type the number to call."),
        }
        return self.render(context)


class DialAction(ActionView):
    permission_required = USE

    def post(self, request: HttpRequest) -> HttpResponse:
        agent = request_user(request)
        campaign = _worked_campaign(request, request.POST.get("campaign"))
        contact_id = request.POST.get("contact", "")
        contact = None
        if contact_id.isdigit():
            contact = Contact.objects.filter(pk=int(contact_id)).first()
            if contact is None:
                raise Http404
        try:
            calls.call_dial(
                agent=agent,
                campaign=campaign,
                number=request.POST.get("number", ""),
                contact=contact,
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        return redirect("console:console")


class ClickToCall(ActionView):
    """A contact row's call: its main number (or the one posted), through a campaign of the
    agent's session whose contact database holds the contact, else the first one worked."""

    permission_required = USE

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        agent = request_user(request)
        contact = get_object_or_404(Contact.objects.all(), pk=pk)
        session = selectors.open_session(agent)
        if session is None:
            messages.error(request, _("Log in to the console to call."))
            return redirect("console:console")
        worked = list(session.campaigns.order_by("pk"))
        campaign = next(
            (c for c in worked if c.contact_database_id == contact.database_id),
            worked[0] if worked else None,
        )
        number = request.POST.get("number") or (contact.phones[0] if contact.phones else "")
        if campaign is None or number not in contact.phones:
            messages.error(request, _("This contact cannot be called from your campaigns."))
            return redirect("console:console")
        try:
            calls.call_dial(agent=agent, campaign=campaign, number=number, contact=contact)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        return redirect("console:console")


class ContactCreateAction(ActionView):
    """A new contact of the campaign's database with the number typed, then the call."""

    permission_required = USE

    def post(self, request: HttpRequest) -> HttpResponse:
        agent = request_user(request)
        campaign = _worked_campaign(request, request.POST.get("campaign"))
        number = request.POST.get("number", "")
        fields = {
            c["name"]: request.POST.get(f"field_{c['name']}", "")
            for c in contacts.editable_columns(campaign)
        }
        call_id = request.POST.get("call", "")
        try:
            if call_id.isdigit():  # the caller of an inbound call, now a contact
                call = get_object_or_404(Call, pk=int(call_id), campaign=campaign)
                contacts.call_contact_create(agent=agent, call=call, fields=fields)
            else:
                with transaction.atomic():
                    contact = contacts.contact_create(
                        campaign=campaign, phones=[number], fields=fields
                    )
                    calls.call_dial(agent=agent, campaign=campaign, number=number, contact=contact)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        return redirect("console:console")


class ContactFieldsAction(ActionView):
    """The agent corrects the contact's editable fields from the contact card."""

    permission_required = USE

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        agent = request_user(request)
        campaign = _worked_campaign(request, request.POST.get("campaign"))
        contact = get_object_or_404(Contact, pk=pk)
        fields = {
            key.removeprefix("field_"): value
            for key, value in request.POST.items()
            if key.startswith("field_")
        }
        try:
            contacts.contact_fields_update(
                agent=agent, campaign=campaign, contact=contact, fields=fields
            )
            messages.success(request, _("Contact saved."))
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        return redirect("console:console")


class CallAction(ActionView):
    """Hang up, hold, unhold, answer, transfer, send tones or record the agent's call."""

    permission_required = USE

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        agent = request_user(request)
        call = get_object_or_404(Call, pk=pk)
        if call.agent_id not in (None, agent.pk):
            raise Http404
        try:
            self.run(action, agent, call, request.POST)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        return redirect(request.POST.get("next") or "console:console")

    @staticmethod
    def run(action: str, agent: Any, call: Call, data: Any) -> None:
        if action == "answer":
            calls.call_answer(agent=agent, call=call)
        elif action == "hangup":
            calls.call_hang_up(agent=agent, call=call)
        elif action in ("hold", "unhold"):
            calls.call_hold(agent=agent, call=call, on=action == "hold")
        elif action == "transfer":
            calls.call_transfer(
                agent=agent, call=call, to=data.get("to", ""), attended=data.get("attended") == "on"
            )
        elif action == "dtmf":
            calls.call_send_dtmf(agent=agent, call=call, digits=data.get("digits", ""))
        elif action == "contact":
            contact = get_object_or_404(Contact, pk=data.get("contact") or 0)
            contacts.call_contact_set(
                agent=agent, call=call, contact=contact, add_number=data.get("add_number") == "on"
            )
        else:
            raise Http404


class DispositionAction(PageView):
    """Save the disposition of a call (the console's form), or keep a draft of it."""

    permission_required = USE
    template_name = "console/console.html"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        agent = request_user(request)
        call = get_object_or_404(Call.objects.select_related("campaign"), pk=pk, agent=agent)
        options = call.campaign.options.filter(hidden=False).select_related("form")
        form = DispositionForm(request.POST, options=options)
        if form.is_valid():
            option = form.cleaned_data["option"]
            data = dispositions.DispositionData(
                option=option,
                answers=posted_answers(request.POST, option),
                notes=form.cleaned_data["notes"],
                callback_at=form.cleaned_data["callback_at"],
                callback_same_agent=form.cleaned_data["callback_same_agent"],
            )
            try:
                dispositions.disposition_submit(agent=agent, calls=[call], data=data)
                messages.success(request, _("Disposition saved."))
                return redirect("console:console")
            except ValidationError as exc:
                add_service_errors(form, exc)
        page = ConsolePage()
        page.setup(request)
        context = page.context()
        context |= disposition_context(request, call.pk, request.POST)
        context["disposition_form"] = form
        return self.render(context, status=400)


class DraftAction(ActionView):
    """Keep what the agent has typed (sent by the form as they type)."""

    permission_required = USE

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        agent = request_user(request)
        call = get_object_or_404(Call, pk=pk, agent=agent)
        data = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        try:
            dispositions.draft_save(agent=agent, call=call, data=data)
        except ValidationError as exc:
            return JsonResponse({"error": _error_text(exc)}, status=400)
        return JsonResponse({"saved": True})


class MyDispositions(PageView):
    permission_required = USE
    template_name = "console/my_dispositions.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        agent = request_user(request)
        campaigns = Campaign.objects.filter(agents=agent).order_by("name")
        form = MyDispositionsFilter(request.GET or None, campaigns=campaigns)
        filters = form.cleaned_data if form.is_valid() else {}
        rows = selectors.my_dispositions(agent, filters)
        page = Paginator(rows, 25).get_page(request.GET.get("page"))
        notes = annotate(list(page.object_list))
        shown = [(row, answers_of(row), notes.get(row.pk, [])) for row in page.object_list]
        context = {
            "form": form,
            "page_obj": page,
            "rows": shown,
            "is_paginated": page.has_other_pages(),
            "last_event": latest_event_id(),
            "table_url": f"{request.path}?{request.GET.urlencode()}&part=table",
        }
        if request.GET.get("part") == "table":
            return self.render(context, template="console/my_dispositions_table.html")
        return self.render(context)


def answers_of(disposition: Any) -> list[tuple[str, str]]:
    """The disposition's answers under their fields' labels."""
    version = disposition.form_version
    return answers_display(version.fields if version else [], disposition.answers)


class RecordingFile(PageView):
    """A recording, streamed to users who may see its call: its agent, or a user with the
    calls permission in the call's project (the scope hides other projects' calls)."""

    permission_any = (USE, "console.view_call")

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        user = request_user(request)
        recording = get_object_or_404(Recording.objects.select_related("call"), pk=pk)
        if recording.call.agent_id != user.pk and not user.has_perm("console.view_call"):
            raise Http404
        response = FileResponse(recording.file.open("rb"), content_type="audio/wav")
        response["Content-Disposition"] = f'inline; filename="call-{recording.call_id}.wav"'
        return response


class Supervision(PageView):
    """Agents at work in the supervisor's campaigns, live, with their time in state."""

    permission_required = "console.supervise_agents"
    template_name = "console/supervision.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        context = {
            "sessions": selectors.sessions_to_watch(request_user(request)),
            "last_event": latest_event_id(),
        }
        if request.GET.get("part") == "agents":
            return self.render(context, template="console/supervision_agents.html")
        return self.render(context)


class CampaignProgressPart(PageView):
    """The campaign page's live part: objective progress, dispositions per option, contacts
    called and left (fetched again on each disposition)."""

    permission_required = "campaigns.view_campaign"
    template_name = "console/campaign_progress.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = get_object_or_404(Campaign, pk=pk)
        return self.render({"progress": selectors.campaign_progress(campaign)})


class InjectCall(PageView):
    """Simulated inbound calls: a supervisor makes a customer call an inbound campaign."""

    permission_required = "console.inject_call"
    template_name = "console/inject.html"

    def campaigns(self) -> Any:
        return Campaign.objects.filter(type="inbound", state="active").order_by("name")

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render({"form": InjectForm(campaigns=self.campaigns())})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = InjectForm(request.POST, campaigns=self.campaigns())
        if form.is_valid():
            try:
                calls.inbound_inject(
                    campaign=form.cleaned_data["campaign"], caller=form.cleaned_data["caller"]
                )
                messages.success(request, _("The call is waiting in the campaign's queue."))
                return redirect("console:inject")
            except ValidationError as exc:
                add_service_errors(form, exc)
        return self.render({"form": form}, status=400)
