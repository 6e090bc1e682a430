"""Dispositions: forms checked by the campaigns' validator, callbacks, the current one, drafts,
the 24-hour rule, and the option rules they bring into force."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cadencia.campaigns.services import OptionData, campaign_options_save
from cadencia.console.choices import DispositionStatus
from cadencia.console.models import Call, Disposition, DispositionDraft
from cadencia.console.services.dispositions import (
    DispositionData,
    disposition_submit,
    draft_save,
    pending_expire,
)
from cadencia.console.tests.world import ConsoleWorld
from cadencia.core.events import capture_events


def ended_call(world: ConsoleWorld, committed: Any, contact: Any = None) -> Call:
    return world.ended_call(committed, contact)


def option(world: ConsoleWorld, name: str) -> Any:
    return world.manual.options.get(name=name)


def test_management_disposition_is_checked_against_the_form_and_saved(
    world: ConsoleWorld, committed: Any
) -> None:
    call = ended_call(world, committed, world.ana)
    sale = option(world, "Sale")
    with pytest.raises(ValidationError) as error:
        disposition_submit(
            agent=world.agent,
            calls=[call],
            data=DispositionData(option=sale, answers={"amount": "many"}),
        )
    assert set(error.value.message_dict) == {"product", "amount"}
    with pytest.raises(ValidationError):
        disposition_submit(
            agent=world.agent,
            calls=[call],
            data=DispositionData(option=sale, answers={"product": "Z"}),
        )
    assert not Disposition.objects.exists()
    with capture_events() as events, committed():
        disposition = disposition_submit(
            agent=world.agent,
            calls=[call],
            data=DispositionData(
                option=sale, answers={"product": "A", "amount": "12"}, notes="Happy"
            ),
        )
    assert disposition.answers == {"product": "A", "amount": 12}
    assert disposition.form_version == sale.form.current_version()
    assert list(disposition.calls.all()) == [call] and disposition.contact == world.ana
    call.refresh_from_db()
    assert call.disposition_status == DispositionStatus.DONE
    assert [e.event.TYPE for e in events] == ["disposition.saved", "audit.changed"]
    assert events[0].project_ids == (world.a.pk,)
    with pytest.raises(ValidationError, match="not waiting"):
        disposition_submit(
            agent=world.agent,
            calls=[call],
            data=DispositionData(option=option(world, "No interest")),
        )


def test_the_newest_disposition_is_the_current_one(world: ConsoleWorld, committed: Any) -> None:
    first = ended_call(world, committed, world.luis)
    disposition_submit(
        agent=world.agent, calls=[first], data=DispositionData(option=option(world, "No interest"))
    )
    second = ended_call(world, committed, world.luis)
    latest = disposition_submit(
        agent=world.agent,
        calls=[second],
        data=DispositionData(option=option(world, "Sale"), answers={"product": "B"}),
    )
    rows = Disposition.objects.filter(contact=world.luis, campaign=world.manual)
    assert rows.count() == 2 and rows.get(is_current=True) == latest


def test_callback_needs_a_future_time(world: ConsoleWorld, committed: Any) -> None:
    call = ended_call(world, committed, world.luis)
    callback = option(world, "Call back")
    for when in (None, timezone.now() - timedelta(minutes=1), timezone.now() + timedelta(days=400)):
        with pytest.raises(ValidationError) as error:
            disposition_submit(
                agent=world.agent,
                calls=[call],
                data=DispositionData(option=callback, callback_at=when),
            )
        assert "callback_at" in error.value.message_dict
    saved = disposition_submit(
        agent=world.agent,
        calls=[call],
        data=DispositionData(
            option=callback,
            callback_at=timezone.now() + timedelta(hours=2),
            callback_same_agent=True,
        ),
    )
    assert saved.callback_same_agent and saved.callback_at is not None


def test_several_calls_of_one_contact_share_a_disposition(
    world: ConsoleWorld, committed: Any
) -> None:
    calls = [ended_call(world, committed, world.luis) for _ in range(2)]
    other = ended_call(world, committed, world.ana)
    no_interest = option(world, "No interest")
    with pytest.raises(ValidationError, match="different contacts"):
        disposition_submit(
            agent=world.agent, calls=[*calls, other], data=DispositionData(option=no_interest)
        )
    saved = disposition_submit(
        agent=world.agent, calls=calls, data=DispositionData(option=no_interest)
    )
    assert saved.calls.count() == 2


def test_options_of_another_campaign_hidden_ones_and_other_agents_are_refused(
    world: ConsoleWorld, committed: Any
) -> None:
    call = ended_call(world, committed, world.luis)
    foreign = world.campaign_b.options.get(name="No interest")
    with pytest.raises(ValidationError, match="campaign's dispositions"):
        disposition_submit(agent=world.agent, calls=[call], data=DispositionData(option=foreign))
    with pytest.raises(ValidationError, match="not your call"):
        disposition_submit(
            agent=world.agent_b,
            calls=[call],
            data=DispositionData(option=option(world, "No interest")),
        )
    with pytest.raises(ValidationError, match="no form"):
        disposition_submit(
            agent=world.agent,
            calls=[call],
            data=DispositionData(option=option(world, "No interest"), answers={"x": 1}),
        )


def test_a_used_option_keeps_its_form_and_cannot_be_deleted(
    world: ConsoleWorld, committed: Any
) -> None:
    call = ended_call(world, committed, world.luis)
    sale = option(world, "Sale")
    disposition_submit(
        agent=world.agent, calls=[call], data=DispositionData(option=sale, answers={"product": "A"})
    )
    assert sale.is_used() and sale.form.current_version().in_use()
    from cadencia.campaigns.tests.factories import FormFactory

    other_form = FormFactory.create(project=world.a)
    kept = [
        OptionData(name=o.name, kind=o.kind, form=o.form, pk=o.pk)
        for o in world.manual.options.exclude(pk=sale.pk)
    ]
    with pytest.raises(ValidationError, match="form"):
        campaign_options_save(
            campaign=world.manual,
            options=[
                OptionData(name="Sale", kind="management", form=other_form, pk=sale.pk),
                *kept,
            ],
        )
    with pytest.raises(ValidationError):
        campaign_options_save(campaign=world.manual, options=kept)


def test_drafts_are_kept_until_the_disposition_is_saved(
    world: ConsoleWorld, committed: Any
) -> None:
    call = ended_call(world, committed, world.luis)
    draft_save(agent=world.agent, call=call, data={"option": "Sale", "answers": {"product": "A"}})
    draft_save(agent=world.agent, call=call, data={"option": "Sale", "notes": "half"})
    assert DispositionDraft.objects.get(call=call).data["notes"] == "half"
    with pytest.raises(ValidationError, match="too large"):
        draft_save(agent=world.agent, call=call, data={"notes": "x" * 70_000})
    with pytest.raises(ValidationError, match="not your call"):
        draft_save(agent=world.agent_b, call=call, data={})
    disposition_submit(
        agent=world.agent, calls=[call], data=DispositionData(option=option(world, "No interest"))
    )
    assert not DispositionDraft.objects.exists()


def test_calls_left_pending_for_24_hours_get_no_disposition(
    world: ConsoleWorld, committed: Any, settings: Any
) -> None:
    old = ended_call(world, committed, world.luis)
    recent = ended_call(world, committed, world.ana)
    Call.objects.filter(pk=old.pk).update(ended_at=timezone.now() - timedelta(hours=25))
    draft_save(agent=world.agent, call=old, data={"notes": "never finished"})
    assert pending_expire() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.disposition_status == DispositionStatus.EXPIRED
    assert recent.disposition_status == DispositionStatus.PENDING
    assert not DispositionDraft.objects.filter(call=old).exists()
    settings.DISPOSITION_PENDING_HOURS = 0
    assert pending_expire(now=timezone.now() + timedelta(seconds=1)) == 1


@pytest.mark.covers("console:campaign_progress", "campaigns:campaign_detail")
def test_the_campaign_page_counts_dispositions_and_contacts_live(
    world: ConsoleWorld, committed: Any
) -> None:
    from django.test import Client
    from django.urls import reverse

    world.manual.objective = 4
    world.manual.save()
    supervisor = Client()
    supervisor.force_login(world.supervisor)
    page = supervisor.get(reverse("campaigns:campaign_detail", args=[world.manual.pk]))
    part_url = reverse("console:campaign_progress", args=[world.manual.pk])
    assert f'data-refresh-url="{part_url}"' in page.content.decode()
    assert 'data-refresh-on="disposition.saved"' in page.content.decode()
    call = ended_call(world, committed, world.luis)
    disposition_submit(agent=world.agent, calls=[call],
                       data=DispositionData(option=option(world, "Sale"),
                                            answers={"product": "A"}))  # fmt: skip
    ended_call(world, committed, world.ana)
    part = supervisor.get(part_url).content.decode()
    assert "1 / 4" in part and "25%" in part
    assert '<td class="text-end">1</td>' in part  # Sale: 1 current disposition
    assert 'data-testid="left">1<' in part  # 3 contacts, 2 called
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        supervisor.get(part_url)
    few = len(queries)
    for _ in range(3):
        ended_call(world, committed, world.ana_too)
    with CaptureQueriesContext(connection) as queries:
        supervisor.get(part_url)
    assert len(queries) == few  # the part's queries do not grow with calls
    foreign = Client()
    role = world.supervisor.role
    assert role is not None
    foreign.force_login(world.add_user("b_viewer", world.b, role.permissions.all()))
    assert foreign.get(part_url).status_code == 404
