from django.urls import path

from edubureau.core import views

app_name = "audit"
urlpatterns = [
    path("", views.changelog_list, name="changelog_list"),
    path("logins/", views.login_list, name="login_list"),
]
