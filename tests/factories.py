"""Typed builders for tests: each makes one valid row with sensible defaults."""

from __future__ import annotations

import itertools
from typing import Any

from edubureau.accounts.choices import OrgUnitKind
from edubureau.accounts.models import OrgUnit, SupervisionZone, User
from edubureau.core.roles import Role
from edubureau.registry.choices import AreaLevel, Ownership, SchoolType, UrbanRural
from edubureau.registry.models import Area, School

PASSWORD = "Test-pass-2026"
_sequence = itertools.count(1)


def make_area(
    *, name: str = "", level: str = AreaLevel.TOWNSHIP, parent: Area | None = None, code: str = ""
) -> Area:
    number = next(_sequence)
    if not code:
        code = f"{330100 + number:06d}" if level != AreaLevel.TOWNSHIP else f"{330101000 + number:09d}"
    return Area.objects.create(code=code, name=name or f"地区{number}", level=level, parent=parent)


def make_county(name: str = "示范县") -> Area:
    return make_area(name=name, level=AreaLevel.COUNTY)


def make_township(county: Area, name: str = "") -> Area:
    return make_area(name=name, level=AreaLevel.TOWNSHIP, parent=county)


def make_school(*, township: Area, name: str = "", code: str = "", **fields: Any) -> School:
    number = next(_sequence)
    values: dict[str, Any] = {
        "school_type": SchoolType.PRIMARY,
        "ownership": Ownership.PUBLIC,
        "urban_rural": UrbanRural.VILLAGE,
        **fields,
    }
    return School.objects.create(
        code=code or f"{2133000000 + number:010d}",
        name=name or f"第{number}小学",
        township=township,
        county_id=township.parent_id,
        **values,
    )


def make_org_unit(
    *,
    kind: str,
    name: str = "",
    area: Area | None = None,
    school: School | None = None,
    parent: OrgUnit | None = None,
) -> OrgUnit:
    return OrgUnit.objects.create(
        kind=kind, name=name or f"单位{next(_sequence)}", area=area, school=school, parent=parent
    )


def make_school_unit(school: School) -> OrgUnit:
    return make_org_unit(kind=OrgUnitKind.SCHOOL, name=school.name, school=school)


def make_zone(*schools: School, name: str = "") -> SupervisionZone:
    zone = SupervisionZone.objects.create(name=name or f"责任区{next(_sequence)}")
    zone.schools.set(schools)
    return zone


def make_user(
    *,
    role: str,
    username: str = "",
    org_unit: OrgUnit | None = None,
    zone: SupervisionZone | None = None,
    password: str = PASSWORD,
    **fields: Any,
) -> User:
    user = User(
        username=username or f"user{next(_sequence)}", role=role, org_unit=org_unit, zone=zone, **fields
    )
    user.set_password(password)
    user.save()
    return user


__all__ = [
    "PASSWORD",
    "Role",
    "make_area",
    "make_county",
    "make_org_unit",
    "make_school",
    "make_school_unit",
    "make_township",
    "make_user",
    "make_zone",
]


def school_form_data(school: School, **changes: Any) -> dict[str, Any]:
    """Everything the school form posts, from `school`'s current values, with `changes` applied."""
    from edubureau.registry.forms import SchoolForm

    data: dict[str, Any] = {}
    for name in SchoolForm.Meta.fields:
        value = getattr(school, School._meta.get_field(name).attname)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else value
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = "on" if value is True else value
    return data


def make_student(
    *,
    school: School,
    name: str = "",
    birth_date: Any = None,
    enrolled: Any = None,
    grade: int | None = None,
    **fields: Any,
) -> Any:
    """A pupil 在读 at `school` with a valid G-form 学籍号 and its enrolment event; in `grade`, by
    default their class's (`school_class=…`), if they have one."""
    import datetime as dt

    from edubureau.registry.choices_people import StudentEventKind, StudentStatus
    from edubureau.registry.models import Student, StudentEvent

    number = next(_sequence)
    birth = birth_date or dt.date(2015, 3, 1)
    enrolled = enrolled or dt.date(2021, 9, 1)
    id_number = _resident_id(birth, number)
    if grade is None and fields.get("school_class") is not None:
        grade = fields["school_class"].grade
    student = Student.objects.create(
        student_number=f"G{id_number}",
        id_number=id_number,
        name=name or f"学生{number}",
        sex="1" if int(id_number[16]) % 2 else "2",  # the ID's 17th digit: odd for boys
        birth_date=birth,
        school=school,
        enrolment_date=enrolled,
        grade=grade,
        **fields,
    )
    StudentEvent.objects.create(
        student=student,
        kind=StudentEventKind.ENROL,
        date=enrolled,
        school=school,
        status_after=StudentStatus.IN_SCHOOL,
    )
    return student


def _resident_id(birth: Any, sequence: int) -> str:
    """A valid 18-character 身份证号 (GB 11643 check character) for a synthetic pupil."""
    first17 = f"330101{birth:%Y%m%d}{sequence % 1000:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(digit) * weight for digit, weight in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


def make_teacher(*, school: School, name: str = "", **fields: Any) -> Any:
    import datetime as dt

    from edubureau.registry.choices_people import Degree
    from edubureau.registry.models import Teacher

    number = next(_sequence)
    birth = dt.date(1985, 6, 1)
    id_number = _resident_id(birth, number)
    values: dict[str, Any] = {
        "sex": "1" if int(id_number[16]) % 2 else "2",
        "birth_date": birth,
        "degree": Degree.BACHELOR,
        **fields,
    }
    return Teacher.objects.create(id_number=id_number, name=name or f"教师{number}", school=school, **values)


def enrol_form_data(school: School, /, **changes: Any) -> dict[str, Any]:
    """The 入学登记 form's data for a new girl, 周小雨, at `school`: grade 1, class 2, unless changed."""
    import datetime as dt

    from edubureau.lib.chinese_ids import make_resident_id

    birth = dt.date(2018, 5, 6)
    id_number = make_resident_id("330101", birth, 12, "female")
    data: dict[str, Any] = {
        "student_number": "G" + id_number,
        "id_number": id_number,
        "name": "周小雨",
        "sex": "2",
        "birth_date": birth.isoformat(),
        "ethnicity": "01",
        "household": "local",
        "school": school.pk,
        "enrolment_date": "2024-09-01",
        "grade": "1",
        "class_number": "2",
    }
    data.update(changes)
    return data
