from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from cadencia.accounts.choices import BuiltinRole
from cadencia.accounts.http import request_user
from cadencia.core.pages import PageView
from cadencia.projects.selectors import projects_of_user

# Each built-in role lands on its work: agents on the console, supervisors on their agents,
# auditors on their queue.
LANDING: dict[str, tuple[str, str]] = {
    BuiltinRole.AGENT: ("console:console", "console.use_console"),
    BuiltinRole.SUPERVISOR: ("console:supervision", "console.supervise_agents"),
    BuiltinRole.AUDITOR: ("audits:queue", "audits.audit_dispositions"),
}


class Home(PageView):
    template_name = "site/home.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request_user(request)
        landing = LANDING.get(user.role.builtin if user.role else "")
        if landing is not None and user.has_perm(landing[1]) and "overview" not in request.GET:
            return redirect(landing[0])
        return self.render({"projects": projects_of_user(user=user)})
