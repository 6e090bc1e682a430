from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cadencia.resources.hours import parse_exceptions, parse_intervals
from cadencia.resources.models import NotificationTemplate, Schedule
from cadencia.resources.tests.factories import ScheduleFactory


def test_intervals_are_parsed_sorted_and_checked() -> None:
    assert parse_intervals("14:00-18:00, 9:00-13:00") == [("09:00", "13:00"), ("14:00", "18:00")]
    assert parse_intervals("") == []
    for bad in ("9-18", "18:00-09:00", "09:00-12:00, 11:00-13:00", "25:00-26:00"):
        with pytest.raises(ValidationError):
            parse_intervals(bad)


def test_exception_errors_name_the_line() -> None:
    with pytest.raises(ValidationError) as excinfo:
        parse_exceptions("2026-12-25 closed\n2026-13-40 closed")
    assert "Line 2" in excinfo.value.messages[0]
    with pytest.raises(ValidationError) as excinfo:
        parse_exceptions("2026-12-25 closed\n2026-12-25 09:00-10:00")
    assert "Line 2" in excinfo.value.messages[0]
    assert parse_exceptions("2026-12-24 09:00-13:00 Christmas Eve") == [
        {"date": "2026-12-24", "hours": [["09:00", "13:00"]], "note": "Christmas Eve"}
    ]


@pytest.mark.django_db
def test_schedule_knows_when_it_is_open() -> None:
    schedule = ScheduleFactory.create(
        time_zone="America/Argentina/Cordoba",
        weekly_hours={"0": [["09:00", "18:00"]]},
        exceptions=[{"date": "2026-11-30", "hours": [], "note": "holiday"}],
    )
    monday_noon_local = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 12:00 in Córdoba
    assert schedule.is_open_at(monday_noon_local)
    assert not schedule.is_open_at(datetime(2026, 11, 23, 23, 0, tzinfo=UTC))
    assert not schedule.is_open_at(datetime(2026, 11, 30, 15, 0, tzinfo=UTC))  # exception
    assert not schedule.is_open_at(datetime(2026, 11, 24, 15, 0, tzinfo=UTC))  # Tuesday closed


def test_template_placeholders_are_checked_and_rendered() -> None:
    template = NotificationTemplate(
        name="x", channel="email", subject="Hola {contact_name}", body="{agent_name} {nope}"
    )
    with pytest.raises(ValidationError) as excinfo:
        template.clean()
    assert "{nope}" in str(excinfo.value)
    template.body = "Le llama {agent_name}"
    template.clean()
    assert template.render({"contact_name": "Ana", "agent_name": "Luis"}) == (
        "Hola Ana",
        "Le llama Luis",
    )
    sms = NotificationTemplate(name="s", channel="sms", body="x" * 1601)
    with pytest.raises(ValidationError):
        sms.clean()
    email = NotificationTemplate(name="e", channel="email", body="x")
    with pytest.raises(ValidationError) as excinfo:
        email.clean()
    assert "subject" in excinfo.value.message_dict


@pytest.mark.django_db
def test_schedule_form_reports_bad_rows_and_writes_nothing(demo_users: dict[str, object]) -> None:
    client = Client()
    client.force_login(demo_users["admin"])  # type: ignore[arg-type]
    before = Schedule.objects.count()
    response = client.post(
        reverse("resources:schedule_add"),
        {
            "name": "Bad",
            "time_zone": "Mars/Base",
            "day_0": "9-18",
            "exceptions_text": "2026-12-25 closed\nnot a date",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"time_zone", "day_0", "exceptions_text"} <= set(errors)
    assert "Line 2" in errors["exceptions_text"][0]
    assert Schedule.objects.count() == before


@pytest.mark.django_db
def test_schedule_api_validates_hours(demo_users: dict[str, object]) -> None:
    client = Client()
    client.force_login(demo_users["admin"])  # type: ignore[arg-type]
    for payload in (
        {"name": "x", "weekly_hours": {"9": [["09:00", "10:00"]]}},
        {"name": "x", "weekly_hours": {"0": [["10:00", "09:00"]]}},
        {"name": "x", "weekly_hours": "always"},
        {"name": "x", "exceptions": [{"date": "nope", "hours": []}]},
        {"name": "", "weekly_hours": {}},
    ):
        response = client.post("/api/v1/schedules/", payload, content_type="application/json")
        assert response.status_code == 400, payload
    assert not Schedule.objects.filter(name="x").exists()


@pytest.mark.django_db
def test_simplified_mode_puts_new_objects_in_the_default_project(
    demo_users: dict[str, object],
) -> None:
    client = Client()
    client.force_login(demo_users["manager"])  # type: ignore[arg-type]
    response = client.post(
        reverse("resources:template_add"), {"name": "Hi", "channel": "sms", "body": "Hola"}
    )
    assert response.status_code == 302
    from cadencia.projects.services import project_default

    assert NotificationTemplate.objects.get(name="Hi").project_ids() == [project_default().pk]
