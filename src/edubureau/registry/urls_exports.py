"""The export URLs of the student and teacher lists, included into `registry.urls` (same namespace):
registry:class_export, registry:student_export, registry:teacher_export."""

from django.urls import URLPattern, path

from edubureau.registry.views import exports

urlpatterns: list[URLPattern] = [
    path("classes/export/", exports.class_export, name="class_export"),
    path("students/export/", exports.student_export, name="student_export"),
    path("teachers/export/", exports.teacher_export, name="teacher_export"),
]
