"""The class list (班级): each class of the user's schools with its pupils in school and its 班额 band."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from edubureau.core.roles import Perm
from edubureau.core.views import paginate
from edubureau.lib.school_year import school_year_of
from edubureau.registry.filters import ClassFilter
from edubureau.registry.imports_specs.common import today
from edubureau.registry.selectors import classes_with_pupils


@login_required
@permission_required(Perm.VIEW_STUDENT, raise_exception=True)
def class_list(request: HttpRequest) -> HttpResponse:
    """The current school year's classes unless another year is asked for."""
    params = request.GET.copy()
    params.setdefault("school_year", str(school_year_of(today())))
    params.pop("page", None)
    filterset = ClassFilter(params, queryset=classes_with_pupils(request.user), request=request)
    return render(
        request,
        "registry/class_list.html",
        {"filter": filterset, "page": paginate(request, filterset.qs), "query": params.urlencode()},
    )
