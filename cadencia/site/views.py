from django.http import HttpRequest, HttpResponse

from cadencia.accounts.http import request_user
from cadencia.core.pages import PageView
from cadencia.projects.selectors import projects_of_user


class Home(PageView):
    template_name = "site/home.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render({"projects": projects_of_user(user=request_user(request))})
