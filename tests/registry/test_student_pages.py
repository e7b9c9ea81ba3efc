from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from edubureau.core.models import AuditAction, ChangeLog
from edubureau.registry import services
from edubureau.registry.choices_people import StudentStatus, TeacherEventKind
from edubureau.registry.models import DropoutCase, Student, Subject, TeacherEvent
from tests import factories
from tests.conftest import PERSONA_NAMES

STUDENT_READERS = {
    "leader",
    "section_staff",
    "supervisor",
    "township_school",
    "school_a_admin",
    "school_a_clerk",
    "school_b_clerk",
}
ROSTER_KEEPERS = {"section_staff", "school_a_admin", "school_a_clerk", "school_b_clerk"}
SEES = {  # persona -> pupils seen, of one at school A ("a") and one at school B ("b")
    "leader": {"a", "b"},
    "section_staff": {"a", "b"},
    "supervisor": {"b"},
    "township_school": {"a"},
    "school_a_admin": {"a"},
    "school_a_clerk": {"a"},
    "school_b_clerk": {"b"},
}


@pytest.fixture
def pupils(personas):
    county = personas.county
    return {
        "a": factories.make_student(
            school=county.school_a, name="张小明", birth_date=dt.date(2013, 4, 2), is_left_behind=True
        ),
        "b": factories.make_student(school=county.school_b, name="李小红", birth_date=dt.date(2014, 9, 9)),
    }


@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize(
    "url_name", ["registry:student_list", "registry:dropout_list", "registry:teacher_list"]
)
def test_roster_pages_by_role(personas, login, persona, url_name):
    response = login(personas[persona]).get(reverse(url_name))
    assert response.status_code == (200 if persona in STUDENT_READERS else 403)


@pytest.mark.parametrize("persona", sorted(STUDENT_READERS))
def test_student_list_and_details_follow_the_scope(personas, pupils, login, persona):
    client = login(personas[persona])
    listed = {student.name for student in client.get(reverse("registry:student_list")).context["page"]}
    assert listed == {pupils[key].name for key in SEES[persona]}
    for key, pupil in pupils.items():
        response = client.get(reverse("registry:student_detail", args=[pupil.pk]))
        assert response.status_code == (200 if key in SEES[persona] else 404)


def test_id_numbers_are_masked_in_the_list(personas, pupils, login):
    page = login(personas["leader"]).get(reverse("registry:student_list")).content.decode()
    number = pupils["a"].student_number
    assert pupils["a"].id_number not in page
    assert number not in page
    assert number[:7] + "********" + number[-4:] in page


def test_a_full_id_number_is_shown_only_to_roster_keepers_and_every_view_is_audited(personas, pupils, login):
    url = reverse("registry:student_detail", args=[pupils["a"].pk])
    leader_page = login(personas["leader"]).get(url, {"show_id": "1"}).content.decode()
    assert pupils["a"].id_number not in leader_page
    clerk_page = login(personas["school_a_clerk"]).get(url, {"show_id": "1"}).content.decode()
    assert pupils["a"].id_number in clerk_page
    views = ChangeLog.objects.filter(action=AuditAction.VIEW_SENSITIVE, object_pk=str(pupils["a"].pk))
    assert list(views.values_list("actor_name", flat=True)) == ["school_a_clerk"]


def test_student_list_filters_by_group_and_search(personas, pupils, login):
    client = login(personas["leader"])
    url = reverse("registry:student_list")
    assert [s.name for s in client.get(url, {"group": "left_behind"}).context["page"]] == ["张小明"]
    assert [s.name for s in client.get(url, {"q": "小红"}).context["page"]] == ["李小红"]


def test_student_list_runs_a_constant_number_of_queries(personas, pupils, login, count_queries):
    client = login(personas["leader"])
    url = reverse("registry:student_list")
    few = count_queries(lambda: client.get(url))
    for _number in range(25):
        factories.make_student(school=personas.county.school_c)
    assert count_queries(lambda: client.get(url)) == few


def test_a_clerk_transfers_a_pupil_through_the_form_and_both_schools_see_it(personas, pupils, login):
    client = login(personas["school_a_clerk"])
    data = {"to_school": personas.county.school_b.pk, "date": "2025-03-01", "reason": "随父母迁居"}
    response = client.post(reverse("registry:student_transfer", args=[pupils["a"].pk]), data)
    assert response.status_code == 302
    pupil = Student.objects.get(pk=pupils["a"].pk)
    assert pupil.school == personas.county.school_b
    page = (
        login(personas["school_b_clerk"])
        .get(reverse("registry:student_detail", args=[pupil.pk]))
        .content.decode()
    )
    assert "北关镇中心小学" in page and "随父母迁居" in page


@pytest.mark.parametrize(
    ("persona", "landing"),
    [("section_staff", "registry:student_detail"), ("school_a_clerk", "registry:student_list")],
)
def test_after_a_transfer_the_clerk_lands_on_the_pupils_page_only_while_they_may_see_it(
    personas, pupils, login, persona, landing
):
    # given a pupil of school A, and a user who may or may not see school B
    pupil = pupils["a"]
    data = {"to_school": personas.county.school_b.pk, "date": "2025-03-01", "reason": "随父母迁居"}
    # when they transfer the pupil to school B
    response = login(personas[persona]).post(
        reverse("registry:student_transfer", args=[pupil.pk]), data, follow=True
    )
    # then they land on a page they may open, with the success message
    args = [pupil.pk] if landing == "registry:student_detail" else []
    assert response.redirect_chain == [(reverse(landing, args=args), 302)]
    assert response.status_code == 200
    assert [str(message) for message in response.context["messages"]] == ["已保存。"]
    assert Student.objects.get(pk=pupil.pk).school == personas.county.school_b


def test_a_clerk_cannot_register_another_schools_pupil_as_dropped_out(personas, pupils, login):
    client = login(personas["school_a_clerk"])
    response = client.post(reverse("registry:student_dropout", args=[pupils["b"].pk]), {"date": "2025-10-08"})
    assert response.status_code == 404
    assert Student.objects.get(pk=pupils["b"].pk).status == StudentStatus.IN_SCHOOL


def test_a_future_date_is_refused_with_a_chinese_message(personas, pupils, login):
    client = login(personas["school_a_clerk"])
    future = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    response = client.post(reverse("registry:student_dropout", args=[pupils["a"].pk]), {"date": future})
    assert response.status_code == 200
    assert future in response.content.decode()
    assert not DropoutCase.objects.exists()


def test_the_dropout_ledger_page_lists_open_cases_and_takes_follow_ups(personas, pupils, login):
    client = login(personas["school_a_clerk"])
    client.post(
        reverse("registry:student_dropout", args=[pupils["a"].pk]), {"date": "2025-10-08", "reason": "厌学"}
    )
    case = DropoutCase.objects.get()
    response = client.post(
        reverse("registry:dropout_follow_up", args=[case.pk]),
        {"date": "2025-10-10", "kind": "home_visit", "note": "班主任家访"},
    )
    assert response.status_code == 302
    page = client.get(reverse("registry:dropout_list")).content.decode()
    assert "张小明" in page and "厌学" in page
    assert not list(login(personas["school_b_clerk"]).get(reverse("registry:dropout_list")).context["page"])


def test_teacher_list_and_detail_follow_the_scope(personas, login, count_queries):
    county = personas.county
    teacher_a = factories.make_teacher(school=county.school_a, name="王老师")
    teacher_a.subjects.set(Subject.objects.filter(code__in=["pe", "music"]))
    teacher_b = factories.make_teacher(school=county.school_b, name="刘老师")
    client = login(personas["school_a_clerk"])
    assert [t.name for t in client.get(reverse("registry:teacher_list")).context["page"]] == ["王老师"]
    assert client.get(reverse("registry:teacher_detail", args=[teacher_b.pk])).status_code == 404
    few = count_queries(lambda: login(personas["leader"]).get(reverse("registry:teacher_list")))
    for _number in range(10):
        factories.make_teacher(school=county.school_c).subjects.set(Subject.objects.filter(code="art"))
    assert count_queries(lambda: login(personas["leader"]).get(reverse("registry:teacher_list"))) == few


EVENT_KIND_CELL = re.compile(r"<tr><td[^>]*>\d{4}-\d{2}-\d{2}</td><td>([^<]*)</td>")


def test_a_teachers_move_reads_diaochu_and_diaoru_while_a_pupils_reads_zhuanchu_and_zhuanru(
    personas, pupils, login
):
    # given a teacher and a pupil who both moved from school A to school B
    county, staff = personas.county, personas["section_staff"]
    teacher = factories.make_teacher(school=county.school_a, name="王老师", start_year=2010)
    day = dt.date(2025, 3, 1)
    services.transfer_teacher(actor=staff, teacher=teacher, to_school=county.school_b, date=day)
    services.transfer_student(actor=staff, student=pupils["a"], to_school=county.school_b, date=day)
    client = login(staff)
    # when their pages are opened
    teacher_page = client.get(reverse("registry:teacher_detail", args=[teacher.pk])).content.decode()
    pupil_page = client.get(reverse("registry:student_detail", args=[pupils["a"].pk])).content.decode()
    # then a bureau's words for a teacher (调出, 调入) and a school's for a pupil (转出, 转入)
    assert sorted(EVENT_KIND_CELL.findall(teacher_page)) == ["调入", "调出"]
    assert sorted(EVENT_KIND_CELL.findall(pupil_page)) == ["入学", "转入", "转出"]
    teacher_kinds = {event.kind: event.get_kind_display() for event in TeacherEvent.objects.all()}
    assert teacher_kinds == {TeacherEventKind.TRANSFER_OUT: "调出", TeacherEventKind.TRANSFER_IN: "调入"}
