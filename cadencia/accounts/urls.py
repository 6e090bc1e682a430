from django.contrib.auth import views as auth_views
from django.urls import path

from cadencia.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("preferences/", views.PreferencesView.as_view(), name="preferences"),
    path("language/", views.LanguageSet.as_view(), name="language_set"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("roles/", views.RoleListView.as_view(), name="role_list"),
    path("roles/add/", views.RoleEdit.as_view(), name="role_add"),
    path("roles/<int:pk>/edit/", views.RoleEdit.as_view(), name="role_edit"),
]
