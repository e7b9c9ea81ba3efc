from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from edubureau.core.models import AuditAction, ChangeLog
from edubureau.registry import services
from edubureau.registry.choices_people import DropoutOutcome, FollowUpKind, StudentEventKind, StudentStatus
from edubureau.registry.models import DropoutCase, Student, StudentEvent, Transfer
from edubureau.registry.selectors import (
    dropout_ledger,
    open_dropouts_by_township,
    open_dropouts_summary,
    roster_on,
)
from tests import factories


def test_a_transfer_is_one_record_both_schools_see(personas):
    county = personas.county
    pupil = factories.make_student(school=county.school_a, name="张小明")
    transfer = services.transfer_student(
        actor=personas["section_staff"],
        student=pupil,
        to_school=county.school_b,
        date=dt.date(2025, 3, 1),
        reason="随父母迁居",
    )
    pupil.refresh_from_db()
    assert pupil.school == county.school_b
    assert pupil.status == StudentStatus.IN_SCHOOL
    assert list(Transfer.objects.visible_to(personas["school_a_clerk"])) == [transfer]
    assert list(Transfer.objects.visible_to(personas["school_b_clerk"])) == [transfer]
    kinds = list(StudentEvent.objects.filter(student=pupil).values_list("kind", "school__name"))
    assert kinds[-2:] == [
        (StudentEventKind.TRANSFER_OUT, "北关镇中心小学"),
        (StudentEventKind.TRANSFER_IN, "南河乡中心小学"),
    ]


def test_the_roster_of_a_past_date_is_rebuilt_from_events(personas):
    county = personas.county
    pupil = factories.make_student(school=county.school_a, enrolled=dt.date(2023, 9, 1))
    services.transfer_student(
        actor=personas["section_staff"], student=pupil, to_school=county.school_b, date=dt.date(2025, 3, 1)
    )
    assert list(roster_on(county.school_a, dt.date(2024, 12, 31))) == [pupil]
    assert list(roster_on(county.school_b, dt.date(2024, 12, 31))) == []
    assert list(roster_on(county.school_b, dt.date(2025, 3, 1))) == [pupil]
    assert list(roster_on(county.school_a, dt.date(2023, 8, 31))) == []


def test_a_school_clerk_cannot_transfer_another_schools_pupil(personas):
    pupil = factories.make_student(school=personas.county.school_b)
    with pytest.raises(PermissionDenied):
        services.transfer_student(
            actor=personas["school_a_clerk"],
            student=pupil,
            to_school=personas.county.school_a,
            date=dt.date(2025, 3, 1),
        )
    pupil.refresh_from_db()
    assert pupil.school == personas.county.school_b
    assert not Transfer.objects.exists()


def test_a_leader_may_not_change_rosters(personas):
    pupil = factories.make_student(school=personas.county.school_a)
    with pytest.raises(PermissionDenied):
        services.register_dropout(actor=personas["leader"], student=pupil, date=dt.date(2025, 3, 1))
    assert not DropoutCase.objects.exists()


STATE_CHECKED_CHANGES = {
    "register_dropout": lambda actor, pupil: services.register_dropout(
        actor=actor, student=pupil, date=dt.date(2025, 10, 8)
    ),
    "return_to_school": lambda actor, pupil: services.return_to_school(
        actor=actor, student=pupil, date=dt.date(2025, 10, 8)
    ),
    "transfer_student": lambda actor, pupil: services.transfer_student(
        actor=actor, student=pupil, to_school=pupil.school, date=dt.date(2025, 10, 8)
    ),
}


@pytest.mark.parametrize("change", sorted(STATE_CHECKED_CHANGES))
@pytest.mark.parametrize("status", StudentStatus.values)
@pytest.mark.parametrize("persona", ["leader", "school_a_clerk"])
def test_a_refusal_outside_permission_or_scope_tells_nothing_of_the_pupils_status(
    personas, persona, status, change
):
    # given a pupil of school B in any status, and a user without the permission or outside the scope
    pupil = factories.make_student(school=personas.county.school_b, status=status)
    # when the user tries to change the pupil, then the refusal is the same whatever the status
    with pytest.raises(PermissionDenied):
        STATE_CHECKED_CHANGES[change](personas[persona], pupil)
    pupil.refresh_from_db()
    assert (pupil.status, pupil.school) == (status, personas.county.school_b)
    assert list(StudentEvent.objects.filter(student=pupil).values_list("kind", flat=True)) == ["enrol"]
    assert not DropoutCase.objects.exists()
    assert not ChangeLog.objects.exists()


def test_a_transfer_to_the_same_school_is_refused(personas):
    pupil = factories.make_student(school=personas.county.school_a, name="李四")
    with pytest.raises(ValidationError):
        services.transfer_student(
            actor=personas["section_staff"],
            student=pupil,
            to_school=personas.county.school_a,
            date=dt.date(2025, 3, 1),
        )


def test_a_compulsory_age_dropout_goes_on_the_ledger_until_returned(personas):
    county = personas.county
    clerk = personas["school_a_clerk"]
    pupil = factories.make_student(school=county.school_a, birth_date=dt.date(2012, 5, 1))
    case = services.register_dropout(actor=clerk, student=pupil, date=dt.date(2025, 10, 8), reason="外出务工")
    assert case is not None
    services.add_dropout_follow_up(
        actor=clerk, case=case, date=dt.date(2025, 10, 10), kind=FollowUpKind.HOME_VISIT, note="班主任家访"
    )
    assert [row["open_cases"] for row in open_dropouts_by_township(personas["leader"])] == [1]
    assert list(dropout_ledger(personas["school_b_clerk"])) == []
    services.return_to_school(actor=clerk, student=pupil, date=dt.date(2025, 11, 1))
    case.refresh_from_db()
    pupil.refresh_from_db()
    assert (case.outcome, case.closed_on) == (DropoutOutcome.RETURNED, dt.date(2025, 11, 1))
    assert pupil.status == StudentStatus.IN_SCHOOL
    assert open_dropouts_by_township(personas["leader"]) == []
    assert ChangeLog.objects.filter(action=AuditAction.UPDATE, object_pk=str(pupil.pk)).count() == 2


def test_a_sixteen_year_old_dropout_is_not_a_compulsory_case(personas):
    pupil = factories.make_student(school=personas.county.school_c, birth_date=dt.date(2009, 1, 1))
    assert (
        services.register_dropout(actor=personas["section_staff"], student=pupil, date=dt.date(2025, 10, 8))
        is None
    )
    assert Student.objects.get(pk=pupil.pk).status == StudentStatus.DROPPED_OUT


def test_a_pupil_in_school_elsewhere_is_found_by_id_number(personas):
    pupil = factories.make_student(school=personas.county.school_a)
    found = services.students.in_school_elsewhere(
        id_number=pupil.id_number, student_number="J000", school=personas.county.school_b
    )
    assert found == pupil
    assert (
        services.students.in_school_elsewhere(
            id_number=pupil.id_number, student_number="J000", school=personas.county.school_a
        )
        is None
    )


def test_the_dropout_ledger_runs_a_constant_number_of_queries(personas, count_queries):
    def load():
        return [
            (case.student.name, case.school.township.name, len(case.follow_ups.all()))
            for case in dropout_ledger(personas["leader"])
        ]

    staff = personas["section_staff"]
    first = factories.make_student(school=personas.county.school_a, birth_date=dt.date(2012, 5, 1))
    services.register_dropout(actor=staff, student=first, date=dt.date(2025, 10, 8))
    few = count_queries(load)
    for number in range(10):
        pupil = factories.make_student(
            school=personas.county.school_b, birth_date=dt.date(2012, 5, 1 + number)
        )
        case = services.register_dropout(actor=staff, student=pupil, date=dt.date(2025, 10, 8))
        services.add_dropout_follow_up(
            actor=staff, case=case, date=dt.date(2025, 10, 9), kind=FollowUpKind.OTHER
        )
    assert count_queries(load) == few


def test_the_dropout_summary_adds_up_by_township(personas):
    staff = personas["section_staff"]
    county = personas.county
    for school in (county.school_a, county.school_c, county.school_c, county.school_b):
        pupil = factories.make_student(school=school, birth_date=dt.date(2012, 5, 1))
        services.register_dropout(actor=staff, student=pupil, date=dt.date(2025, 10, 8))
    summary = {
        row.township: (row.open_cases, sorted(row.schools))
        for row in open_dropouts_summary(personas["leader"])
    }
    assert summary == {
        "北关镇": (3, sorted([("北关镇中心小学", 1), ("北关镇初级中学", 2)])),
        "南河乡": (1, [("南河乡中心小学", 1)]),
    }
