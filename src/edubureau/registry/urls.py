from django.urls import path

from edubureau.registry import views

app_name = "registry"
urlpatterns = [
    path("schools/", views.school_list, name="school_list"),
    path("schools/export/", views.school_export, name="school_export"),
    path("schools/new/", views.school_create, name="school_create"),
    path("schools/<int:pk>/", views.school_detail, name="school_detail"),
    path("schools/<int:pk>/edit/", views.school_edit, name="school_edit"),
    path("areas/", views.area_list, name="area_list"),
    path("areas/new/", views.area_edit, name="area_create"),
    path("areas/<int:pk>/edit/", views.area_edit, name="area_edit"),
]
