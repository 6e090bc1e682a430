"""The one way to declare a page: a class with its permissions, its template and its methods.

``PageView`` is the base of every signed-in page, the generic object views included; an
``ActionView`` is a POST-only button (add a member, start an import) that redirects back. A
view states ``permission_required`` (all of them) or ``permission_any`` (at least one);
unauthenticated users go to the sign-in page, signed-in users without permission get 403.
Public endpoints (the health probe, the language switch) are plain ``View`` classes.
"""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import HttpResponse
from django.shortcuts import render
from django.views import View


class PageView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required: tuple[str, ...] | str = ()
    permission_any: tuple[str, ...] = ()
    template_name: str = ""

    def get_permission_required(self) -> tuple[str, ...]:
        required = self.permission_required
        return (required,) if isinstance(required, str) else tuple(required)

    def has_permission(self) -> bool:
        user = self.request.user
        if self.permission_any and not any(user.has_perm(p) for p in self.permission_any):
            return False
        return user.has_perms(self.get_permission_required())

    def render(
        self, context: dict[str, Any], *, status: int = 200, template: str = ""
    ) -> HttpResponse:
        return render(self.request, template or self.template_name, context, status=status)


class ActionView(PageView):
    """A POST-only action; GET answers 405 so a link or a crawler cannot trigger it."""

    http_method_names = ["post"]
