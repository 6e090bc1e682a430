from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import Permission
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from cadencia.accounts import services
from cadencia.accounts.forms import PasswordChangeForm, PreferencesForm, RoleForm
from cadencia.accounts.http import request_user
from cadencia.accounts.models import Role
from cadencia.accounts.selectors import users_visible
from cadencia.core.pages import PageView


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def lockout(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """django-axes calls this when an account is locked out (AXES_LOCKOUT_CALLABLE)."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "accounts/lockout.html", {"cooloff_minutes": minutes}, status=429)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("site:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password was changed."))
        return response


def _safe_next(request: HttpRequest) -> str:
    next_url = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return "/"


class LanguageSet(View):
    """Switch the interface language; signed-in users keep it as their preference."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        language = request.POST.get("language", "")
        response = HttpResponseRedirect(_safe_next(request))
        if not check_for_language(language) or language not in dict(settings.LANGUAGES):
            return response
        if request.user.is_authenticated:
            services.user_language_set(user=request_user(request), language=language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        return response


class PreferencesView(PageView):
    template_name = "accounts/preferences.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render({"form": PreferencesForm(instance=request_user(request))})

    def post(self, request: HttpRequest) -> HttpResponse:
        user = request_user(request)
        form = PreferencesForm(request.POST, instance=user)
        if not form.is_valid():
            return self.render({"form": form}, status=400)
        services.user_preferences_update(
            user=user,
            language=form.cleaned_data["language"],
            time_zone=form.cleaned_data["time_zone"],
        )
        # The confirmation is read on the next page, so say it in the language just chosen.
        translation.activate(form.cleaned_data["language"] or translation.get_language())
        messages.success(request, _("Your preferences were saved."))
        return redirect("accounts:preferences")


class UserListView(PageView, ListView):
    permission_required = "accounts.view_user"
    template_name = "accounts/user_list.html"
    paginate_by = 50

    def get_queryset(self):
        return users_visible(user=request_user(self.request))


class RoleListView(PageView, ListView):
    permission_required = "accounts.view_role"
    template_name = "accounts/role_list.html"

    def get_queryset(self):
        return Role.objects.prefetch_related("permissions__content_type").order_by("name")


class RoleEdit(PageView):
    """Create a custom role or edit any role's permissions (built-in ones included)."""

    template_name = "accounts/role_form.html"

    def get_permission_required(self) -> tuple[str, ...]:
        return ("accounts.change_role" if self.kwargs.get("pk") else "accounts.add_role",)

    def role(self) -> Role | None:
        pk = self.kwargs.get("pk")
        return get_object_or_404(Role, pk=pk) if pk else None

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        role = self.role()
        return self.render({"form": RoleForm(instance=role), "role": role})

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        role = self.role()
        form = RoleForm(request.POST, instance=role)
        if not form.is_valid():
            return self.render({"form": form, "role": role}, status=400)
        saved = services.role_save(
            role=role or Role(),
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            permissions=list(Permission.objects.filter(pk__in=form.cleaned_data["permissions"])),
        )
        messages.success(request, _("Role “%(name)s” was saved.") % {"name": saved})
        return redirect("accounts:role_list")
