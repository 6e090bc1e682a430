"""Management forms: the builder's definitions, answers checked by one function, versions,
clones, in the UI and the API."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cadencia.campaigns.answers import answers_clean, definition_clean
from cadencia.campaigns.models import Form
from cadencia.campaigns.tests.factories import FormFactory
from cadencia.core.models import ChangeLogEntry
from cadencia.projects.testing import TwoProjects, permissions_named

FIELDS: list[dict[str, Any]] = definition_clean(
    [
        {
            "key": "product",
            "label": "Product",
            "type": "choice",
            "required": True,
            "choices": ["TV", "Phone"],
        },
        {
            "key": "extras",
            "label": "Extras",
            "type": "multiple_choice",
            "choices": ["HD", "Sports"],
        },
        {"key": "amount", "label": "Amount", "type": "number", "min": 1, "max": 24},
        {"key": "start", "label": "Start", "type": "date", "required": True},
        {"key": "at", "label": "At", "type": "time"},
        {"key": "notes", "label": "Notes", "type": "long_text", "max": 20},
        {"key": "consent", "label": "Consent", "type": "yes_no", "required": True},
        {"key": "mobile", "label": "Mobile", "type": "phone"},
        {"key": "mail", "label": "Mail", "type": "email"},
        {"key": "dni", "label": "DNI", "type": "text", "min": 7, "max": 8},
    ]
)


def test_valid_answers_are_normalised() -> None:
    answers = {
        "product": "TV",
        "extras": ["Sports", "HD"],
        "amount": "12",
        "start": "2026-12-24",
        "at": "09:30:00",
        "consent": True,
        "mobile": " +54 351 621-9387 ",
        "mail": "ana@example.com",
        "dni": "30111222",
    }
    assert answers_clean(FIELDS, answers) == {
        "product": "TV",
        "extras": ["HD", "Sports"],
        "amount": 12,
        "start": "2026-12-24",
        "at": "09:30",
        "consent": True,
        "mobile": "+54 351 621-9387",
        "mail": "ana@example.com",
        "dni": "30111222",
    }


@pytest.mark.parametrize(
    ("answers", "key", "message"),
    [
        ({"start": "2026-01-01", "consent": True}, "product", "“Product” is required."),
        (
            {"product": "Radio", "start": "2026-01-01", "consent": True},
            "product",
            "not one of the choices",
        ),
        ({"product": "TV", "start": "yesterday", "consent": True}, "start", "Expected a date"),
        (
            {"product": "TV", "start": "2026-01-01", "consent": "yes"},
            "consent",
            "Expected yes (true)",
        ),
        (
            {"product": "TV", "start": "2026-01-01", "consent": True, "amount": 99},
            "amount",
            "At most 24.",
        ),
        (
            {"product": "TV", "start": "2026-01-01", "consent": True, "amount": "many"},
            "amount",
            "Expected a number",
        ),
        (
            {"product": "TV", "start": "2026-01-01", "consent": True, "amount": True},
            "amount",
            "Expected a number",
        ),
        (
            {"product": "TV", "start": "2026-01-01", "consent": True, "notes": "x" * 21},
            "notes",
            "At most 20 characters.",
        ),
        (
            {"product": "TV", "start": "2026-01-01", "consent": True, "notes": "x" * 100_000},
            "notes",
            "At most",
        ),
        (
            {"product": "TV", "start": "2026-01-01", "consent": True, "dni": "123"},
            "dni",
            "At least 7 characters.",
        ),
        (
            {"product": "TV", "start": "2026-01-01", "consent": True, "mail": "nope"},
            "mail",
            "valid email",
        ),
        (
            {"product": "TV", "start": "2026-01-01", "consent": True, "mobile": "call me"},
            "mobile",
            "phone",
        ),
        (
            {"product": "TV", "start": "2026-01-01", "consent": True, "extras": "HD"},
            "extras",
            "list of the choices",
        ),
        (
            {"product": "TV", "start": "2026-01-01", "consent": True, "notes": 5},
            "notes",
            "Expected text.",
        ),
        (
            {"product": "TV", "start": "2026-01-01", "consent": True, "other": 1},
            "other",
            "no field “other”",
        ),
    ],
)
def test_wrong_answers_name_the_field_and_the_reason(
    answers: dict[str, Any], key: str, message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        answers_clean(FIELDS, answers)
    assert message in " ".join(error.value.message_dict[key])


def test_answers_must_be_an_object() -> None:
    bad: Any
    for bad in ([], "x", None, 3):
        with pytest.raises(ValidationError):
            answers_clean(FIELDS, bad)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ("x", "must be a list"),
        ([{"key": "Bad Key", "label": "L", "type": "text"}], "lowercase letters"),
        (
            [
                {"key": "a", "label": "L", "type": "text"},
                {"key": "a", "label": "M", "type": "text"},
            ],
            "repeated",
        ),
        ([{"key": "a", "label": "", "type": "text"}], "label of 1 to 200"),
        ([{"key": "a", "label": "L", "type": "colour"}], "unknown type"),
        ([{"key": "a", "label": "L", "type": "choice"}], "list its choices"),
        (
            [{"key": "a", "label": "L", "type": "choice", "choices": ["x", "x"]}],
            "different choices",
        ),
        ([{"key": "a", "label": "L", "type": "number", "min": 5, "max": 1}], "minimum is above"),
        ([{"key": "a", "label": "L", "type": "number", "min": "five"}], "must be numbers"),
        ([{"key": f"k{i}", "label": "L", "type": "text"} for i in range(101)], "at most 100"),
        (["text"], "expected an object"),
    ],
)
def test_bad_definitions_are_refused(fields: Any, message: str) -> None:
    with pytest.raises(ValidationError) as error:
        definition_clean(fields)
    assert message in " ".join(error.value.messages)


@pytest.fixture
def world(db: None) -> Any:
    world: Any = TwoProjects()
    labels = [f"campaigns.{a}_form" for a in ("view", "add", "change", "delete")]
    world.manager = world.add_user("manager", world.a, permissions_named(*labels))
    world.form = FormFactory.create(project=world.a, name="Sale", fields=FIELDS)
    return world


@pytest.mark.covers("form-validate")
def test_api_validates_answers_with_the_same_function(world: Any) -> None:
    api = world.api_client(world.manager)
    url = reverse("form-validate", args=[world.form.pk])
    response = api.post(
        url,
        {"answers": {"product": "TV", "start": "2026-12-24", "consent": True}},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json() == {
        "version": 1,
        "answers": {"product": "TV", "start": "2026-12-24", "consent": True},
    }
    response = api.post(url, {"answers": {"product": 3}}, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert "product" in body and "start" in body and "consent" in body


@pytest.mark.covers("campaigns:form_clone", "form-clone")
def test_clone_copies_the_fields_and_is_logged(world: Any) -> None:
    client = world.web_client(world.manager)
    response = client.post(
        reverse("campaigns:form_clone", args=[world.form.pk]), {"name": "Sale 2"}
    )
    clone = Form.objects.get(name="Sale 2")
    assert response["Location"] == reverse("campaigns:form_detail", args=[clone.pk])
    assert clone.definition == world.form.definition and clone.project_id == world.a.pk
    assert ChangeLogEntry.objects.filter(
        verb="campaigns.form_cloned", object_pk=str(clone.pk)
    ).exists()
    response = world.api_client(world.manager).post(
        reverse("form-clone", args=[world.form.pk]),
        {"name": "Sale 2"},
        content_type="application/json",
    )
    assert response.status_code == 400  # the name is taken in the project
    assert Form.objects.filter(name="Sale 2").count() == 1


def test_builder_edits_the_unanswered_version_in_place(world: Any) -> None:
    client = world.web_client(world.manager)
    data = {
        "name": "Sale",
        "description": "",
        "project": world.a.pk,
        "fields-TOTAL_FORMS": "2",
        "fields-INITIAL_FORMS": "0",
        "fields-0-key": "plan",
        "fields-0-label": "Plan",
        "fields-0-type": "choice",
        "fields-0-required": "on",
        "fields-0-choices": "Basic\nPremium\n",
        "fields-1-key": "",
        "fields-1-label": "",
        "fields-1-type": "text",
    }
    response = client.post(reverse("campaigns:form_edit", args=[world.form.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    world.form.refresh_from_db()
    assert world.form.version_number == 1
    assert world.form.definition == [
        {
            "key": "plan",
            "label": "Plan",
            "type": "choice",
            "required": True,
            "help": "",
            "choices": ["Basic", "Premium"],
        }
    ]
    data["fields-0-choices"] = ""
    response = client.post(reverse("campaigns:form_edit", args=[world.form.pk]), data)
    assert response.status_code == 400 and "list its choices" in response.content.decode()


def test_preview_renders_every_field_type(world: Any) -> None:
    page = world.web_client(world.manager).get(
        reverse("campaigns:form_detail", args=[world.form.pk])
    )
    html = page.content.decode()
    for field in FIELDS:
        assert f'name="{field["key"]}"' in html, field["key"]
