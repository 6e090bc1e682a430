import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from cadencia.accounts.choices import BuiltinRole
from cadencia.accounts.demo import DEMO_USERS
from cadencia.accounts.models import Role, User
from cadencia.projects.models import Membership, Project

pytestmark = pytest.mark.django_db


def test_demo_data_is_idempotent_and_prints_logins(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo_data")
    call_command("demo_data")
    out = capsys.readouterr().out
    assert User.objects.count() == len(DEMO_USERS)
    assert Role.objects.filter(builtin__in=BuiltinRole.values).count() == len(BuiltinRole)
    assert Project.objects.count() == 1
    assert Membership.objects.count() == len(DEMO_USERS)
    for demo in DEMO_USERS:
        assert f"{demo.username:<12} {demo.password}" in out
        user = User.objects.get(username=demo.username)
        assert user.role is not None and user.role.builtin == demo.role


def test_every_demo_password_signs_in() -> None:
    call_command("demo_data", "--quiet-logins")
    for demo in DEMO_USERS:
        request = RequestFactory().post("/accounts/login/")
        user = authenticate(request, username=demo.username, password=demo.password)
        assert user is not None, demo.username


def test_demo_data_keeps_a_changed_password() -> None:
    call_command("demo_data", "--quiet-logins")
    agent = User.objects.get(username="agent")
    agent.set_password("changed-by-the-agent")
    agent.save()
    call_command("demo_data", "--quiet-logins")
    agent.refresh_from_db()
    assert agent.check_password("changed-by-the-agent")
