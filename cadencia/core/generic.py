"""Generic list / detail / edit / delete views for project-owned models.

An app's view is a few lines: the model, the permission it needs (derived from the model), the
form, the columns and the service that writes. Querysets come from the model's scoped manager, so
a view cannot list or open another project's objects.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from cadencia.core.forms import add_service_errors
from cadencia.core.pages import PageView


def _user(request: HttpRequest) -> Any:
    # Behind LoginRequiredMixin; typed by the app's services, which core does not know.
    return request.user


def _value(obj: Any, name: str) -> Any:
    value = getattr(obj, name)
    return value() if callable(value) else value


class ModelViewMixin(PageView):
    model: type[models.Model]
    action: str = "view"
    url_prefix: str = ""

    def get_permission_required(self) -> tuple[str]:
        opts = self.model._meta
        return (f"{opts.app_label}.{self.action}_{opts.model_name}",)

    def queryset(self) -> models.QuerySet[Any]:
        queryset = self.model._default_manager.all()
        if any(f.name == "projects" for f in self.model._meta.many_to_many):
            queryset = queryset.prefetch_related("projects")
        elif any(f.name == "project" and f.is_relation for f in self.model._meta.fields):
            queryset = queryset.select_related("project")
        return queryset

    def get_object(self, pk: int) -> Any:
        return get_object_or_404(self.queryset(), pk=pk)

    def urls(self, obj: Any = None) -> dict[str, str]:
        """The pages' links the user may follow: a button they could not use is not shown."""
        prefix = self.url_prefix
        opts = self.model._meta
        user = self.request.user
        needs = {
            "add": f"{opts.app_label}.add_{opts.model_name}",
            "edit": f"{opts.app_label}.change_{opts.model_name}",
            "delete": f"{opts.app_label}.delete_{opts.model_name}",
            "changelog": "core.view_changelogentry",
        }
        result = {"list": reverse(f"{prefix}_list")}
        if user.has_perm(needs["add"]):
            result["add"] = reverse(f"{prefix}_add")
        if obj is not None:
            for name in ("detail", "edit", "delete", "changelog"):
                if name == "detail" or user.has_perm(needs[name]):
                    result[name] = reverse(f"{prefix}_{name}", args=[obj.pk])
        return result

    def context(self, **extra: Any) -> dict[str, Any]:
        opts = self.model._meta
        return {"opts": opts, "verbose_name": opts.verbose_name, **extra}


class ObjectListView(ModelViewMixin):
    columns: list[tuple[str, Any]] = []
    template_name = "core/object_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        objects = self.queryset()
        rows = [
            {
                "obj": obj,
                "urls": self.urls(obj),
                "cells": [_value(obj, c) for c, _l in self.columns],
            }
            for obj in objects
        ]
        return render(
            request,
            self.template_name,
            self.context(
                rows=rows, columns=[label for _c, label in self.columns], urls=self.urls()
            ),
        )


class ObjectDetailView(ModelViewMixin):
    template_name = "core/object_detail.html"
    fields: list[tuple[str, Any]] = []

    def extra_context(self, obj: Any) -> dict[str, Any]:
        """What a detail template shows beyond ``fields`` (related rows, read in the scope)."""
        return {}

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object(pk)
        values = [(label, _value(obj, name)) for name, label in self.fields]
        return render(
            request,
            self.template_name,
            self.context(obj=obj, values=values, urls=self.urls(obj), **self.extra_context(obj)),
        )


class ObjectEditView(ModelViewMixin):
    template_name = "core/object_form.html"
    form_class: type[Any]

    def perform_save(self, obj: Any, *, project_ids: set[int], user: Any) -> None:
        """Write through the app's service; raise ValidationError to show it on the form.

        The validated form is ``self.bound_form``, for the fields beyond the model's own.
        """
        raise NotImplementedError

    def success_url(self, obj: Any) -> str:
        return self.urls(obj)["detail"]

    def get_permission_required(self) -> tuple[str]:
        self.action = "change" if self.kwargs.get("pk") else "add"
        return super().get_permission_required()

    def form(self, request: HttpRequest, obj: Any) -> Any:
        data = request.POST if request.method == "POST" else None
        return self.form_class(data, instance=obj, user=_user(request))

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self.get_object(pk) if pk else self.model()
        return self.show(request, obj, self.form(request, obj))

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self.get_object(pk) if pk else self.model()
        form = self.bound_form = self.form(request, obj)
        if form.is_valid():
            try:
                self.perform_save(
                    form.instance, project_ids=form.project_ids(), user=_user(request)
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("“%(name)s” was saved.") % {"name": form.instance})
                return HttpResponseRedirect(self.success_url(form.instance))
        return self.show(request, obj, form, status=400)

    def show(self, request: HttpRequest, obj: Any, form: Any, status: int = 200) -> HttpResponse:
        return render(
            request,
            self.template_name,
            self.context(obj=obj, form=form, urls=self.urls(obj if obj.pk else None)),
            status=status,
        )


class ObjectDeleteView(ModelViewMixin):
    action = "delete"
    template_name = "core/object_confirm_delete.html"

    def perform_delete(self, obj: Any) -> None:
        """Delete through the app's service; a ValidationError is shown as the refusal."""
        raise NotImplementedError

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object(pk)
        return render(request, self.template_name, self.context(obj=obj, urls=self.urls(obj)))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object(pk)
        name = str(obj)
        try:
            self.perform_delete(obj)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(self.urls(obj)["detail"])
        messages.success(request, _("“%(name)s” was deleted.") % {"name": name})
        return HttpResponseRedirect(self.urls()["list"])


class ObjectChangeLogView(ModelViewMixin):
    """The change log of one object (only entries of projects the user can see)."""

    template_name = "core/changelog_list.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        from cadencia.core.selectors import changelog_for_object

        obj = self.get_object(pk)
        if not _user(request).has_perm("core.view_changelogentry"):
            raise PermissionDenied
        entries = changelog_for_object(obj)[:200]
        return render(
            request,
            self.template_name,
            self.context(obj=obj, entries=entries, urls=self.urls(obj), title=str(obj)),
        )


def crud_urls(
    prefix: str,
    name: str,
    list_view: Any,
    detail: Any,
    edit: Any,
    delete: Any,
    model: Any,
    namespace: str = "resources",
) -> list[Any]:
    """The six routes of a project-owned model's pages, named ``<namespace>:<name>_<page>``."""
    changelog: Any = type(
        f"{model.__name__}ChangeLog",
        (ObjectChangeLogView,),
        {"model": model, "url_prefix": f"{namespace}:{name}"},
    )
    return [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/add/", edit.as_view(), name=f"{name}_add"),
        path(f"{prefix}/<int:pk>/", detail.as_view(), name=f"{name}_detail"),
        path(f"{prefix}/<int:pk>/edit/", edit.as_view(), name=f"{name}_edit"),
        path(f"{prefix}/<int:pk>/delete/", delete.as_view(), name=f"{name}_delete"),
        path(f"{prefix}/<int:pk>/changelog/", changelog.as_view(), name=f"{name}_changelog"),
    ]
