from django.urls import URLPattern, path

from edubureau.imports import views

app_name = "imports"
urlpatterns: list[URLPattern] = [
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/commit/", views.job_commit, name="job_commit"),
    path("jobs/<int:pk>/errors/", views.job_errors, name="job_errors"),
    path("<slug:entity>/", views.upload, name="upload"),
    path("<slug:entity>/template/", views.template_download, name="template_download"),
]
