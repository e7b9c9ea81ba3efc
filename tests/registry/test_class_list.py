"""The class list (班级): each class of the user's schools with its pupils in school and its 班额 band,
filtered and exported like the other lists, linking to its pupils."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from edubureau.lib.school_year import school_year_of
from edubureau.registry.choices_people import ClassType, StudentStatus
from edubureau.registry.imports_specs.common import today
from edubureau.registry.models import SchoolClass
from tests import factories
from tests.conftest import PERSONA_NAMES

pytestmark = pytest.mark.django_db

YEAR = school_year_of(today())


def make_class(school, grade=1, number=1, pupils=0, **fields):  # type: ignore[no-untyped-def]
    school_class = SchoolClass.objects.create(
        school=school, school_year=YEAR, grade=grade, number=number, **fields
    )
    for _index in range(pupils):
        factories.make_student(school=school, school_class=school_class)
    return school_class


def shown(client, **params):  # type: ignore[no-untyped-def]
    response = client.get(reverse("registry:class_list"), params)
    return {(row.school.name, str(row), row.pupils) for row in response.context["page"]}


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_the_list_and_its_export_are_open_to_exactly_those_who_see_the_student_list(personas, login, persona):
    client = login(personas[persona])
    students = client.get(reverse("registry:student_list")).status_code

    assert client.get(reverse("registry:class_list")).status_code == students
    assert client.get(reverse("registry:class_export")).status_code == students


def test_a_clerk_sees_and_exports_only_the_classes_of_their_school(personas, login):
    county = personas.county
    make_class(county.school_a, pupils=2)
    make_class(county.school_b, pupils=1)
    client = login(personas["school_b_clerk"])

    assert shown(client) == {(county.school_b.name, "一年级（1）班", 1)}
    response = client.get(reverse("registry:class_export"))
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    names = {row[1] for row in rows.get_sheet_by_index(0).to_python()[1:]}
    assert names == {county.school_b.name}


def test_pupils_are_those_in_school_and_link_to_the_class_roster(personas, login):
    school = personas.county.school_a
    school_class = make_class(school, pupils=3)
    left = factories.make_student(school=school, school_class=school_class, status=StudentStatus.GRADUATED)
    client = login(personas["section_staff"])

    assert shown(client) == {(school.name, "一年级（1）班", 3)}
    roster = client.get(
        reverse("registry:student_list"), {"school_class": school_class.pk, "status": "in_school"}
    )
    assert len(roster.context["page"]) == 3 and left not in roster.context["page"]
    assert "一年级（1）班" in roster.content.decode().split('data-testid="class-narrowing"')[1][:200]
    # Another school's clerk gets nothing from that class's number.
    other = login(personas["school_b_clerk"]).get(
        reverse("registry:student_list"), {"school_class": school_class.pk}
    )
    assert len(other.context["page"]) == 0 and 'data-testid="class-narrowing"' not in other.content.decode()


def test_the_size_bands_of_the_standard(personas, login):
    school = personas.county.school_a
    make_class(school, number=1, pupils=45)
    make_class(school, number=2, pupils=46)
    client = login(personas["section_staff"])

    assert {name for _school, name, _pupils in shown(client, size="oversized")} == {"一年级（2）班"}
    assert shown(client, size="large") == set()
    page = client.get(reverse("registry:class_list")).content.decode()
    assert page.count('<span class="tag">偏大</span>') == 1


def test_the_current_school_year_unless_another_is_asked_for(personas, login):
    school = personas.county.school_a
    make_class(school, number=1)
    SchoolClass.objects.create(school=school, school_year=YEAR - 1, grade=1, number=9)
    client = login(personas["section_staff"])

    assert {name for _s, name, _p in shown(client)} == {"一年级（1）班"}
    assert {name for _s, name, _p in shown(client, school_year=YEAR - 1)} == {"一年级（9）班"}


def test_filters_by_grade_and_class_type(personas, login):
    school = personas.county.school_a
    make_class(school, grade=1, number=1)
    make_class(school, grade=2, number=1, class_type=ClassType.MULTI_GRADE)
    client = login(personas["section_staff"])

    assert {name for _s, name, _p in shown(client, grade=2)} == {"二年级（1）班"}
    assert {name for _s, name, _p in shown(client, class_type=ClassType.MULTI_GRADE)} == {"二年级（1）班"}


def test_the_list_runs_a_constant_number_of_queries(personas, login, count_queries):
    school = personas.county.school_a
    client = login(personas["section_staff"])
    make_class(school, number=1, pupils=1, head_teacher=factories.make_teacher(school=school))
    few = count_queries(lambda: client.get(reverse("registry:class_list")))
    for number in range(2, 7):
        make_class(school, number=number, pupils=1, head_teacher=factories.make_teacher(school=school))

    assert count_queries(lambda: client.get(reverse("registry:class_list"))) == few


@pytest.mark.parametrize(
    "params", [{"school_year": "abc"}, {"size": "nope"}, {"grade": "x"}, {"school": "999999"}, {"page": "zz"}]
)
def test_junk_in_the_filters_is_never_a_server_error(personas, login, params):
    client = login(personas["section_staff"])

    assert client.get(reverse("registry:class_list"), params).status_code == 200
    assert client.get(reverse("registry:class_export"), params).status_code == 200
    assert client.get(reverse("registry:student_list"), {"school_class": "abc"}).status_code == 200


def test_the_student_list_offers_the_chosen_schools_classes_of_this_year(personas, login):
    county = personas.county
    this_year = make_class(county.school_a, grade=1, number=1, pupils=1)
    SchoolClass.objects.create(school=county.school_a, school_year=YEAR - 1, grade=1, number=7)
    make_class(county.school_b, grade=1, number=3)
    client = login(personas["section_staff"])

    response = client.get(reverse("registry:student_list"), {"school": county.school_a.pk})
    offered = list(response.context["filter"].form.fields["school_class"].queryset)
    assert offered == [this_year]

    narrowed = client.get(
        reverse("registry:student_list"), {"school": county.school_a.pk, "school_class": this_year.pk}
    )
    assert len(narrowed.context["page"]) == 1
    # A clerk of school B is offered none of school A's classes, even when naming one.
    other = login(personas["school_b_clerk"]).get(
        reverse("registry:student_list"), {"school_class": this_year.pk}
    )
    assert list(other.context["filter"].form.fields["school_class"].queryset) == []
