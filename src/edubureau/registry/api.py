"""REST API of the registry: the same permissions, data scope and validation as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from edubureau.core.api import RolePermission, ScopedQuerysetMixin, raise_form_errors
from edubureau.core.audit import record_change, snapshot
from edubureau.core.models import AuditAction
from edubureau.core.roles import Perm
from edubureau.registry import services
from edubureau.registry.filters import SchoolFilter, StudentFilter, TeacherFilter
from edubureau.registry.forms import AreaForm, SchoolForm
from edubureau.registry.masking import mask_id_number, may_see_id_numbers
from edubureau.registry.models import Area, School, Student, Teacher


class AreaPermission(RolePermission):
    read, write = Perm.VIEW_AREA, Perm.CHANGE_AREA


class SchoolPermission(RolePermission):
    read, write, create = Perm.VIEW_SCHOOL, Perm.CHANGE_SCHOOL, Perm.ADD_SCHOOL


class AreaSerializer(serializers.ModelSerializer[Area]):
    class Meta:
        model = Area
        fields = ("id", "code", "name", "level", "parent")


class SchoolSerializer(serializers.ModelSerializer[School]):
    school_type_display = serializers.CharField(source="get_school_type_display", read_only=True)
    township_name = serializers.CharField(source="township.name", read_only=True)

    class Meta:
        model = School
        fields = (
            "id",
            "code",
            "name",
            "school_type",
            "school_type_display",
            "ownership",
            "urban_rural",
            "township",
            "township_name",
            "county",
            "address",
            "principal",
            "phone",
            "is_boarding",
            "demonstration_level",
            "parent",
            "is_counted_as_school",
            "status",
            "status_date",
            "merged_into",
            "updated_at",
        )
        read_only_fields = fields


def _form_data(instance: Any, fields: tuple[str, ...], changes: dict[str, Any]) -> dict[str, Any]:
    """The instance's current values as form data, overlaid with `changes` (for PATCH)."""
    data: dict[str, Any] = {}
    for name in fields:
        value = getattr(instance, instance._meta.get_field(name).attname)
        if isinstance(value, bool):
            data[name] = "on" if value else ""
        else:
            data[name] = "" if value is None else value
    data.update(
        {key: ("on" if value is True else "" if value is False else value) for key, value in changes.items()}
    )
    return data


class FormBackedViewSet(ScopedQuerysetMixin, viewsets.ModelViewSet):  # type: ignore[type-arg]
    """Writes go through the page's form (same fields per role, same Chinese messages) and a service."""

    form_class: Any
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def _form(self, instance: Any, partial: bool) -> Any:
        """Validate the request through the form. A create or a PATCH starts from the row's current
        values (a new row's are the model defaults); a PUT gives every field."""
        changes = dict(self.request.data.items())
        data = _form_data(instance, self.form_class.Meta.fields, changes) if partial else changes
        form = self.form_class(data, instance=instance, user=self.request.user)
        if not form.is_valid():
            raise_form_errors(form)
        return form.save(commit=False)

    def save(self, instance: Any, before: dict[str, Any] | None) -> None:
        raise NotImplementedError

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self._form(self.base_queryset.model(), partial=True)
        self.save(instance, None)
        return Response(self.get_serializer(instance).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        before = snapshot(instance)
        instance = self._form(instance, partial=kwargs.get("partial", False))
        try:
            self.save(instance, before)
        except PermissionDenied as exc:
            raise exceptions.PermissionDenied from exc
        return Response(self.get_serializer(instance).data)


class AreaViewSet(FormBackedViewSet):
    base_queryset = Area.objects.order_by("code")
    serializer_class = AreaSerializer
    form_class = AreaForm
    permission_classes = (permissions.IsAuthenticated, AreaPermission)
    filterset_fields = ("level", "parent")

    def save(self, instance: Any, before: dict[str, Any] | None) -> None:
        services.save_area(actor=self.request.user, area=instance, before=before)


class SchoolViewSet(FormBackedViewSet):
    base_queryset = School.objects.select_related("township").order_by("code")
    serializer_class = SchoolSerializer
    form_class = SchoolForm
    permission_classes = (permissions.IsAuthenticated, SchoolPermission)
    filterset_class = SchoolFilter

    def save(self, instance: Any, before: dict[str, Any] | None) -> None:
        if before is None:
            services.create_school(actor=self.request.user, school=instance)
        else:
            services.update_school(actor=self.request.user, school=instance, before=before)


class StudentPermission(RolePermission):
    read = Perm.VIEW_STUDENT


class TeacherPermission(RolePermission):
    read = Perm.VIEW_TEACHER


class MaskedIdMixin(serializers.Serializer):  # type: ignore[type-arg]
    """ID numbers masked (110105********002X) for everyone by default. A roster keeper sees one
    record's numbers in full by asking for it (`?show_id=1` on the detail, audited); roles that may
    never see them get the birth year only, since the birth date is what the mask hides."""

    masked_fields: tuple[str, ...] = ()

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        request = self.context.get("request")
        keeper = request is not None and may_see_id_numbers(request.user)
        if not (keeper and self.context.get("unmask")):
            for name in self.masked_fields:
                data[name] = mask_id_number(data.get(name))
        if not keeper and data.get("birth_date"):
            data["birth_date"] = str(data["birth_date"])[:4]
        return data


class UnmaskOnRequestMixin(ScopedQuerysetMixin):
    """`?show_id=1` on a detail shows a roster keeper the full ID numbers, and records the view."""

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["unmask"] = (
            getattr(self, "action", "") == "retrieve"
            and self.request.query_params.get("show_id") == "1"
            and may_see_id_numbers(self.request.user)
        )
        return context

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        serializer = self.get_serializer(instance)
        if serializer.context["unmask"]:
            record_change(
                actor=request.user,
                action=AuditAction.VIEW_SENSITIVE,
                instance=instance,
                changes={"id_number": ["***", "***"]},
            )
        return Response(serializer.data)


class StudentSerializer(MaskedIdMixin, serializers.ModelSerializer[Student]):
    masked_fields = ("student_number", "id_number")
    school_name = serializers.CharField(source="school.name", read_only=True)

    class Meta:
        model = Student
        fields = (
            "id",
            "student_number",
            "id_number",
            "name",
            "sex",
            "birth_date",
            "ethnicity",
            "household",
            "school",
            "school_name",
            "grade",
            "school_class",
            "enrolment_date",
            "status",
            "is_left_behind",
            "is_migrant",
            "disability_type",
            "disability_placement",
            "is_registered_poor",
            "is_dibao",
            "is_boarder",
        )
        read_only_fields = fields


class TeacherSerializer(MaskedIdMixin, serializers.ModelSerializer[Teacher]):
    masked_fields = ("id_number",)
    school_name = serializers.CharField(source="school.name", read_only=True)
    subjects: Any = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Teacher
        fields = (
            "id",
            "id_number",
            "name",
            "sex",
            "birth_date",
            "school",
            "school_name",
            "staffing",
            "post",
            "degree",
            "title",
            "subjects",
            "stage",
            "backbone_level",
            "is_dual_qualified",
            "has_licence",
            "start_year",
            "is_active",
        )
        read_only_fields = fields


class StudentViewSet(UnmaskOnRequestMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Pupils in the caller's scope (changes go through the pages' actions and the Excel import)."""

    base_queryset = Student.objects.select_related("school").order_by("school", "student_number")
    serializer_class = StudentSerializer
    permission_classes = (permissions.IsAuthenticated, StudentPermission)
    filterset_class = StudentFilter


class TeacherViewSet(UnmaskOnRequestMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    base_queryset = (
        Teacher.objects.select_related("school").prefetch_related("subjects").order_by("school", "name")
    )
    serializer_class = TeacherSerializer
    permission_classes = (permissions.IsAuthenticated, TeacherPermission)
    filterset_class = TeacherFilter
