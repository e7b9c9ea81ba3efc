from django.urls import include, path

from edubureau.registry.views import classes, students, teachers
from edubureau.registry.views import places as views

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
    path("classes/", classes.class_list, name="class_list"),
    path("students/", students.student_list, name="student_list"),
    path("students/new/", students.student_enrol, name="student_enrol"),
    path("students/<int:pk>/", students.student_detail, name="student_detail"),
    path("students/<int:pk>/transfer/", students.student_transfer, name="student_transfer"),
    path("students/<int:pk>/dropout/", students.student_dropout, name="student_dropout"),
    path("students/<int:pk>/return/", students.student_return, name="student_return"),
    path("dropouts/", students.dropout_list, name="dropout_list"),
    path("dropouts/<int:pk>/follow-up/", students.dropout_follow_up, name="dropout_follow_up"),
    path("teachers/", teachers.teacher_list, name="teacher_list"),
    path("teachers/<int:pk>/", teachers.teacher_detail, name="teacher_detail"),
    path("teachers/<int:pk>/transfer/", teachers.teacher_transfer, name="teacher_transfer"),
    path("teachers/<int:pk>/leave/", teachers.teacher_leave, name="teacher_leave"),
    path("teachers/<int:pk>/exchange/", teachers.teacher_exchange, name="teacher_exchange"),
    path("teachers/<int:pk>/retire/", teachers.teacher_retire, name="teacher_retire"),
    path("", include("edubureau.registry.urls_exports")),  # registry:student_export, registry:teacher_export
]
