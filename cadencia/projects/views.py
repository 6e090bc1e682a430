from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cadencia.accounts.http import request_user
from cadencia.accounts.models import User
from cadencia.accounts.selectors import users_visible
from cadencia.core.selectors import changelog_for_project
from cadencia.projects import services
from cadencia.projects.forms import MemberAddForm, ObjectAddForm, ProjectForm, SecurityModeForm
from cadencia.projects.models import Project
from cadencia.projects.ownership import MultiProjectModel, project_owned_models
from cadencia.projects.selectors import projects_listed, projects_visible


def _require(user: User, *perms: str) -> None:
    if not any(user.has_perm(p) for p in perms):
        raise PermissionDenied


def _enhanced_or_redirect(request: HttpRequest) -> HttpResponse | None:
    if services.security_settings_get().enhanced:
        return None
    messages.info(request, _("Projects appear when the security mode is enhanced."))
    return redirect("projects:security")


def _visible_project(user: User, pk: int) -> Project:
    return get_object_or_404(projects_visible(user=user), pk=pk)


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    _require(user, "projects.view_project", "projects.list_projects")
    if (response := _enhanced_or_redirect(request)) is not None:
        return response
    visible = set(projects_visible(user=user).values_list("pk", flat=True))
    tiles = [(project, project.pk in visible) for project in projects_listed(user=user)]
    return render(request, "projects/project_list.html", {"tiles": tiles})


def _objects_of(project: Project) -> list[tuple[str, list[Any]]]:
    groups = []
    for model in project_owned_models():
        lookup = (
            {"projects": project} if issubclass(model, MultiProjectModel) else {"project": project}
        )
        objects = list(model._default_manager.filter(**lookup).order_by("pk")[:200])
        if objects:
            groups.append((str(model._meta.verbose_name_plural).capitalize(), objects))
    return groups


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    _require(user, "projects.view_project")
    if (response := _enhanced_or_redirect(request)) is not None:
        return response
    project = _visible_project(user, pk)
    members = User.objects.filter(memberships__project=project).select_related("role")
    context = {
        "project": project,
        "members": members,
        "object_groups": _objects_of(project),
        "member_form": MemberAddForm(users=users_visible(user=user).exclude(pk__in=members)),
        "object_form": ObjectAddForm(project=project),
    }
    return render(request, "projects/project_detail.html", context)


@login_required
def project_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = request_user(request)
    _require(user, "projects.manage_projects")
    if (response := _enhanced_or_redirect(request)) is not None:
        return response
    project = _visible_project(user, pk) if pk else None
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if project is None:
            project = services.project_create(name=data["name"], description=data["description"])
            services.membership_add(project=project, user=user)
        else:
            services.project_update(
                project=project, name=data["name"], description=data["description"]
            )
        messages.success(request, _("Project “%(name)s” was saved.") % {"name": project})
        return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


@login_required
@require_POST
def project_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    _require(user, "projects.manage_projects")
    project = _visible_project(user, pk)
    try:
        services.project_delete(project=project)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("projects:detail", pk=pk)
    messages.success(request, _("Project “%(name)s” was deleted.") % {"name": project.name})
    return redirect("projects:list")


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    _require(user, "projects.manage_project_access")
    project = _visible_project(user, pk)
    form = MemberAddForm(request.POST, users=users_visible(user=user))
    if form.is_valid():
        services.membership_add(project=project, user=form.cleaned_data["user"])
        messages.success(request, _("%(user)s was added.") % {"user": form.cleaned_data["user"]})
    else:
        messages.error(request, _("Choose one of your users to add."))
    return redirect("projects:detail", pk=pk)


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int, user_id: int) -> HttpResponse:
    user = request_user(request)
    _require(user, "projects.manage_project_access")
    project = _visible_project(user, pk)
    member = get_object_or_404(User, pk=user_id, memberships__project=project)
    services.membership_remove(project=project, user=member)
    messages.success(request, _("%(user)s was removed.") % {"user": member})
    return redirect("projects:detail", pk=pk)


@login_required
@require_POST
def object_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    _require(user, "projects.manage_projects")
    project = _visible_project(user, pk)
    form = ObjectAddForm(request.POST, project=project)
    if form.is_valid():
        services.project_object_add(project=project, obj=form.cleaned_data["obj"])
        messages.success(request, _("“%(name)s” was added.") % {"name": form.cleaned_data["obj"]})
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("obj", [])))
    return redirect("projects:detail", pk=pk)


@login_required
@require_POST
def object_remove(request: HttpRequest, pk: int, label: str, object_id: int) -> HttpResponse:
    user = request_user(request)
    _require(user, "projects.manage_projects")
    project = _visible_project(user, pk)
    model = next((m for m in project_owned_models() if m._meta.label_lower == label), None)
    if model is None:
        raise Http404
    obj = get_object_or_404(model._default_manager.all(), pk=object_id)
    try:
        services.project_object_remove(project=project, obj=obj)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("“%(name)s” was removed.") % {"name": obj})
    return redirect("projects:detail", pk=pk)


@login_required
def project_changelog(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    _require(user, "core.view_changelogentry")
    project = _visible_project(user, pk)
    entries = changelog_for_project(project)[:200]
    return render(
        request,
        "core/changelog_list.html",
        {"entries": entries, "title": project.name, "project": project},
    )


@login_required
def security_mode(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    _require(user, "projects.change_securitysettings")
    current = services.security_settings_get()
    form = SecurityModeForm(request.POST or None, initial={"mode": current.mode})
    if request.method == "POST" and form.is_valid():
        try:
            services.security_mode_set(mode=form.cleaned_data["mode"])
        except ValidationError as exc:
            form.add_error("mode", exc.message_dict.get("mode", exc.messages))
        else:
            messages.success(request, _("The security mode was saved."))
            return redirect("projects:security")
    return render(request, "projects/security.html", {"form": form, "current": current})
