from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from cadencia.accounts.http import request_user
from cadencia.accounts.models import User
from cadencia.accounts.selectors import users_visible
from cadencia.core import generic
from cadencia.core.pages import ActionView, PageView
from cadencia.core.selectors import changelog_for_project
from cadencia.projects import services
from cadencia.projects.forms import (
    GroupAddForm,
    MemberAddForm,
    ObjectAddForm,
    ProjectForm,
    SecurityModeForm,
    UserGroupForm,
)
from cadencia.projects.models import Project, UserGroup
from cadencia.projects.ownership import MultiProjectModel, project_owned_models
from cadencia.projects.selectors import projects_listed, projects_visible


class EnhancedOnly(View):
    """Project pages exist only in the enhanced security mode; elsewhere they explain why.

    Listed after ``PageView`` in a view's bases, so it runs once sign-in and permissions passed.
    """

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not services.security_settings_get().enhanced:
            messages.info(request, _("Projects appear when the security mode is enhanced."))
            return redirect("projects:security")
        return super().dispatch(request, *args, **kwargs)


class ProjectMixin(PageView):
    def project(self) -> Project:
        visible = projects_visible(user=request_user(self.request))
        return get_object_or_404(visible, pk=self.kwargs["pk"])


class ProjectList(PageView, EnhancedOnly):
    permission_any = ("projects.view_project", "projects.list_projects")
    template_name = "projects/project_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request_user(request)
        visible = set(projects_visible(user=user).values_list("pk", flat=True))
        tiles = [(project, project.pk in visible) for project in projects_listed(user=user)]
        return self.render({"tiles": tiles})


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


class ProjectDetail(ProjectMixin, EnhancedOnly):
    permission_required = "projects.view_project"
    template_name = "projects/project_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = request_user(request)
        project = self.project()
        members = User.objects.filter(memberships__project=project).select_related("role")
        return self.render(
            {
                "project": project,
                "members": members,
                "object_groups": _objects_of(project),
                "member_form": MemberAddForm(
                    users=users_visible(user=user).exclude(pk__in=members)
                ),
                "object_form": ObjectAddForm(project=project),
                "group_form": GroupAddForm(),
                "groups": UserGroup.objects.filter(projects=project).order_by("name"),
            }
        )


class ProjectEdit(ProjectMixin, EnhancedOnly):
    permission_required = "projects.manage_projects"
    template_name = "projects/project_form.html"

    def instance(self) -> Project | None:
        return self.project() if self.kwargs.get("pk") else None

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        project = self.instance()
        return self.render({"form": ProjectForm(instance=project), "project": project})

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        project = self.instance()
        form = ProjectForm(request.POST, instance=project)
        if not form.is_valid():
            return self.render({"form": form, "project": project}, status=400)
        data = form.cleaned_data
        if project is None:
            project = services.project_create(name=data["name"], description=data["description"])
            services.membership_add(project=project, user=request_user(request))
        else:
            services.project_update(
                project=project, name=data["name"], description=data["description"]
            )
        messages.success(request, _("Project “%(name)s” was saved.") % {"name": project})
        return redirect("projects:detail", pk=project.pk)


class ProjectDelete(ProjectMixin, ActionView):
    permission_required = "projects.manage_projects"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = self.project()
        try:
            services.project_delete(project=project)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("projects:detail", pk=pk)
        messages.success(request, _("Project “%(name)s” was deleted.") % {"name": project.name})
        return redirect("projects:list")


class MemberAdd(ProjectMixin, ActionView):
    permission_required = "projects.manage_project_access"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = self.project()
        form = MemberAddForm(request.POST, users=users_visible(user=request_user(request)))
        if form.is_valid():
            services.membership_add(project=project, user=form.cleaned_data["user"])
            messages.success(
                request, _("%(user)s was added.") % {"user": form.cleaned_data["user"]}
            )
        else:
            messages.error(request, _("Choose one of your users to add."))
        return redirect("projects:detail", pk=pk)


class MemberRemove(ProjectMixin, ActionView):
    permission_required = "projects.manage_project_access"

    def post(self, request: HttpRequest, pk: int, user_id: int) -> HttpResponse:
        project = self.project()
        member = get_object_or_404(User, pk=user_id, memberships__project=project)
        services.membership_remove(project=project, user=member)
        messages.success(request, _("%(user)s was removed.") % {"user": member})
        return redirect("projects:detail", pk=pk)


class ObjectAdd(ProjectMixin, ActionView):
    permission_required = "projects.manage_projects"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = self.project()
        form = ObjectAddForm(request.POST, project=project)
        if form.is_valid():
            services.project_object_add(project=project, obj=form.cleaned_data["obj"])
            messages.success(
                request, _("“%(name)s” was added.") % {"name": form.cleaned_data["obj"]}
            )
        else:
            messages.error(request, " ".join(str(e) for e in form.errors.get("obj", [])))
        return redirect("projects:detail", pk=pk)


class ObjectRemove(ProjectMixin, ActionView):
    permission_required = "projects.manage_projects"

    def post(self, request: HttpRequest, pk: int, label: str, object_id: int) -> HttpResponse:
        project = self.project()
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


class ProjectChangeLog(ProjectMixin):
    permission_required = "core.view_changelogentry"
    template_name = "core/changelog_list.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = self.project()
        entries = changelog_for_project(project)[:200]
        return self.render({"entries": entries, "title": project.name, "project": project})


class SecurityModeView(PageView):
    permission_required = "projects.change_securitysettings"
    template_name = "projects/security.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        current = services.security_settings_get()
        form = SecurityModeForm(initial={"mode": current.mode})
        return self.render({"form": form, "current": current})

    def post(self, request: HttpRequest) -> HttpResponse:
        current = services.security_settings_get()
        form = SecurityModeForm(request.POST, initial={"mode": current.mode})
        if form.is_valid():
            try:
                services.security_mode_set(mode=form.cleaned_data["mode"])
            except ValidationError as exc:
                form.add_error("mode", exc.message_dict.get("mode", exc.messages))
            else:
                messages.success(request, _("The security mode was saved."))
                return redirect("projects:security")
        return self.render({"form": form, "current": current}, status=400)


class UserGroupMixin:
    model: type[models.Model] = UserGroup
    url_prefix = "projects:group"


class UserGroupList(UserGroupMixin, generic.ObjectListView):
    columns = [("name", _("Name")), ("member_count", _("Members"))]

    def queryset(self) -> Any:
        return super().queryset().annotate(member_count=Count("members"))


class UserGroupDetail(UserGroupMixin, generic.ObjectDetailView):
    template_name = "projects/usergroup_detail.html"
    fields = [("description", _("Description"))]

    def extra_context(self, obj: Any) -> dict[str, Any]:
        visible = users_visible(user=request_user(self.request))
        return {"members": visible.filter(user_groups=obj)}


class UserGroupEdit(UserGroupMixin, generic.ObjectEditView):
    form_class = UserGroupForm

    def perform_save(self, obj: UserGroup, *, project_ids: set[int], user: User) -> None:
        services.user_group_save(
            group=obj, project_ids=project_ids, member_ids=self.bound_form.member_ids(), user=user
        )


class UserGroupDelete(UserGroupMixin, generic.ObjectDeleteView):
    def perform_delete(self, obj: UserGroup) -> None:
        services.user_group_delete(group=obj)


class GroupAdd(ProjectMixin, ActionView):
    permission_required = "projects.manage_project_access"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = self.project()
        form = GroupAddForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose one of your groups to add."))
            return redirect("projects:detail", pk=pk)
        group = form.cleaned_data["group"]
        added = services.project_group_add(project=project, group=group, user=request_user(request))
        messages.success(
            request,
            ngettext(
                "Group “%(group)s”: %(count)d user was added.",
                "Group “%(group)s”: %(count)d users were added.",
                len(added),
            )
            % {"group": group, "count": len(added)},
        )
        return redirect("projects:detail", pk=pk)


class GroupRemove(ProjectMixin, ActionView):
    permission_required = "projects.manage_project_access"

    def post(self, request: HttpRequest, pk: int, group_id: int) -> HttpResponse:
        project = self.project()
        group = get_object_or_404(UserGroup.objects.all(), pk=group_id)
        removed = services.project_group_remove(
            project=project, group=group, user=request_user(request)
        )
        messages.success(
            request,
            ngettext(
                "Group “%(group)s”: %(count)d user was removed.",
                "Group “%(group)s”: %(count)d users were removed.",
                len(removed),
            )
            % {"group": group, "count": len(removed)},
        )
        return redirect("projects:detail", pk=pk)
