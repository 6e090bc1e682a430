from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cadencia.accounts.http import request_user
from cadencia.projects.selectors import projects_of_user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    return render(request, "site/home.html", {"projects": projects_of_user(user=user)})
