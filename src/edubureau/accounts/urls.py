from django.contrib.auth import views as auth_views
from django.urls import path

from edubureau.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("me/", views.profile, name="profile"),
    path("me/token/", views.token_regenerate, name="token_regenerate"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_edit, name="user_create"),
    path("users/<int:pk>/edit/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/password/", views.user_password, name="user_password"),
    path("units/", views.orgunit_list, name="orgunit_list"),
    path("units/new/", views.orgunit_edit, name="orgunit_create"),
    path("units/<int:pk>/edit/", views.orgunit_edit, name="orgunit_edit"),
    path("zones/", views.zone_list, name="zone_list"),
    path("zones/new/", views.zone_edit, name="zone_create"),
    path("zones/<int:pk>/edit/", views.zone_edit, name="zone_edit"),
    path("lockouts/", views.lockout_list, name="lockout_list"),
    path("lockouts/clear/", views.lockout_clear, name="lockout_clear"),
]
