from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cadencia.accounts.selectors import users_visible
from cadencia.core.api import ApiViewMixin
from cadencia.core.api_auth import RequiresPermission
from cadencia.projects import services
from cadencia.projects.api.ownership import OwnedObjectViewSet
from cadencia.projects.api.serializers import (
    GroupProjectResultSerializer,
    GroupProjectSerializer,
    MembershipSerializer,
    ProjectSerializer,
    SecuritySettingsSerializer,
    UserGroupSerializer,
)
from cadencia.projects.models import Membership, Project, UserGroup
from cadencia.projects.selectors import projects_visible


class ProjectPermission(permissions.BasePermission):
    """Read: view projects. Write: "manage projects"."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return bool(request.user.has_perm("projects.view_project"))
        return bool(request.user.has_perm("projects.manage_projects"))


class AccessPermission(permissions.BasePermission):
    """Read: view projects. Write: "manage access"."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return bool(request.user.has_perm("projects.view_project"))
        return bool(request.user.has_perm("projects.manage_project_access"))


def _raise(exc: DjangoValidationError) -> None:
    detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
    raise serializers.ValidationError(detail) from exc


class ProjectViewSet(ApiViewMixin, viewsets.ModelViewSet):
    serializer_class = ProjectSerializer
    permission_classes = [permissions.IsAuthenticated, ProjectPermission]
    ordering = "pk"

    def get_queryset(self) -> QuerySet[Project]:
        return projects_visible(user=self.request.user).order_by("pk")

    def perform_create(self, serializer: Any) -> None:
        try:
            project = services.project_create(**serializer.validated_data)
        except DjangoValidationError as exc:
            _raise(exc)
        services.membership_add(project=project, user=self.request.user)  # type: ignore[arg-type]
        serializer.instance = project

    def perform_update(self, serializer: Any) -> None:
        data = {**ProjectSerializer(serializer.instance).data, **serializer.validated_data}
        try:
            services.project_update(
                project=serializer.instance, name=data["name"], description=data["description"]
            )
        except DjangoValidationError as exc:
            _raise(exc)

    def perform_destroy(self, instance: Project) -> None:
        try:
            services.project_delete(project=instance)
        except DjangoValidationError as exc:
            _raise(exc)


class MembershipViewSet(
    ApiViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = MembershipSerializer
    permission_classes = [permissions.IsAuthenticated, AccessPermission]
    filterset_fields = ["project", "user"]
    ordering = "pk"

    def get_queryset(self) -> QuerySet[Membership]:
        projects = projects_visible(user=self.request.user)
        return Membership.objects.filter(project__in=projects).order_by("pk")

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        serializer = super().get_serializer(*args, **kwargs)
        if hasattr(serializer, "fields") and "project" in serializer.fields:
            serializer.fields["project"].queryset = projects_visible(user=self.request.user)
            serializer.fields["user"].queryset = users_visible(user=self.request.user)
        return serializer

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = services.membership_add(**serializer.validated_data)

    def perform_destroy(self, instance: Membership) -> None:
        services.membership_remove(project=instance.project, user=instance.user)


class SecuritySettingsView(ApiViewMixin, APIView):
    """GET the installation's security mode; POST changes it."""

    serializer_class = SecuritySettingsSerializer

    def get_permissions(self) -> list[Any]:
        return [permissions.IsAuthenticated(), _SecurityPermission()]

    @extend_schema(responses=SecuritySettingsSerializer)
    def get(self, request: Request) -> Response:
        return Response(SecuritySettingsSerializer(services.security_settings_get()).data)

    @extend_schema(request=SecuritySettingsSerializer, responses={200: SecuritySettingsSerializer})
    def post(self, request: Request) -> Response:
        serializer = SecuritySettingsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            settings = services.security_mode_set(mode=serializer.validated_data["mode"])
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(SecuritySettingsSerializer(settings).data)


class _SecurityPermission(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return bool(request.user.has_perm("projects.view_securitysettings"))
        return bool(request.user.has_perm("projects.change_securitysettings"))


class UserGroupViewSet(OwnedObjectViewSet):
    model = UserGroup
    serializer_class = UserGroupSerializer
    filterset_fields = ["name", "projects", "members"]

    def get_queryset(self) -> Any:
        return UserGroup.objects.prefetch_related("projects", "members").order_by("pk")

    def get_permissions(self) -> list[Any]:
        if self.action in {"add_to_project", "remove_from_project"}:
            return [
                permissions.IsAuthenticated(),
                RequiresPermission("projects.manage_project_access"),
            ]
        return list(super().get_permissions())

    def save_object(self, obj: Any, project_ids: set[int]) -> None:
        members = self.validated.get("members")
        if members is None:
            member_ids = set(obj.members.values_list("pk", flat=True)) if obj.pk else set()
        else:
            member_ids = {u.pk for u in members}
        services.user_group_save(
            group=obj, project_ids=project_ids, member_ids=member_ids, user=self.acting_user()
        )

    def perform_destroy(self, instance: UserGroup) -> None:
        services.user_group_delete(group=instance)

    def _group_project(self, request: Request, change: Any) -> Response:
        group = self.get_object()
        data = GroupProjectSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        project = data.validated_data["project"]
        users = change(project=project, group=group, user=self.acting_user())
        return Response({"project": project.pk, "users": [u.pk for u in users]})

    @extend_schema(request=GroupProjectSerializer, responses={200: GroupProjectResultSerializer})
    @action(detail=True, methods=["post"], url_path="add-to-project")
    def add_to_project(self, request: Request, pk: str) -> Response:
        """Make the group's members (those you can see) members of the project, at once."""
        return self._group_project(request, services.project_group_add)

    @extend_schema(request=GroupProjectSerializer, responses={200: GroupProjectResultSerializer})
    @action(detail=True, methods=["post"], url_path="remove-from-project")
    def remove_from_project(self, request: Request, pk: str) -> Response:
        """Take the group's members (those you can see) out of the project, at once."""
        return self._group_project(request, services.project_group_remove)
