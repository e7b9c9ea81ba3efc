"""What `edubureau demo` prints: the counts in the database and the demo logins, in Chinese."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from django.db.models import Count, Max, Q

from edubureau.accounts.models import OrgUnit, SupervisionZone, User
from edubureau.core.roles import Role
from edubureau.demo.people import DEMO_PASSWORD
from edubureau.lib.school_year import school_year_label
from edubureau.registry.choices import (
    JUNIOR_TYPES,
    KINDERGARTEN_TYPES,
    SENIOR_TYPES,
    SPECIAL_TYPES,
    VOCATIONAL_TYPES,
    AreaLevel,
    Ownership,
    SchoolStatus,
    SchoolType,
)
from edubureau.registry.choices_people import Post, StudentStatus
from edubureau.registry.models import Area, DropoutCase, School, SchoolClass, Student, Teacher, Transfer

SERVER_URL = "http://127.0.0.1:8000"

# Console text, not UI: plain Chinese.
ROLE_NAMES: dict[str, str] = {
    Role.SYSTEM_ADMIN: "系统管理员",
    Role.SECURITY_ADMIN: "安全管理员",
    Role.AUDIT_ADMIN: "审计管理员",
    Role.LEADER: "局领导",
    Role.SECTION_STAFF: "股室人员",
    Role.SUPERVISOR: "督学",
    Role.TOWNSHIP_SCHOOL: "中心校",
    Role.SCHOOL_ADMIN: "学校管理员",
    Role.SCHOOL_CLERK: "学校填报员",
}
ROLE_DUTIES: dict[str, str] = {
    Role.SYSTEM_ADMIN: "用户、组织机构和字典（不能查看审计日志）",
    Role.SECURITY_ADMIN: "安全事件、解锁被锁定的账号",
    Role.AUDIT_ADMIN: "只读查看审计日志",
    Role.LEADER: "全县数据只读、驾驶舱",
    Role.SECTION_STAFF: "全县学校和学籍",
    Role.SUPERVISOR: "责任区的学校",
    Role.TOWNSHIP_SCHOOL: "本乡镇的学校",
    Role.SCHOOL_ADMIN: "本校",
    Role.SCHOOL_CLERK: "本校数据填报",
}
LOGIN_USERNAMES = (
    "sysadmin",
    "secadmin",
    "auditor",
    "leader",
    "jijiao",
    "dudao",
    "zhongxin",
    "xiaozhang",
    "tianbao",
)


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def format_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table whose columns line up in a terminal, Chinese included."""
    widths = [max(display_width(row[column]) for row in [header, *rows]) for column in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        padded = [
            cell + " " * (width - display_width(cell)) for cell, width in zip(cells, widths, strict=True)
        ]
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def _describe(user: User) -> str:
    if user.zone is not None:
        return f"{user.zone.name}：{user.zone.schools.count()} 所学校"
    unit = user.org_unit
    place = unit.name if unit is not None else "全市"
    return f"{place}：{ROLE_DUTIES.get(user.role, '')}"


def _pattern_row(role: str, prefix: str, pattern: str, unit_label: str) -> list[str] | None:
    """A row for the logins made one per township or school, with the first one as an example."""
    example = (
        User.objects.filter(username__startswith=prefix)
        .select_related("org_unit")
        .order_by("username")
        .first()
    )
    if example is None or example.org_unit is None:
        return None
    note = f"每个{unit_label}一个，如 {example.username}（{example.org_unit.name}）"
    return [role, pattern, DEMO_PASSWORD, note]


def login_rows() -> list[list[str]]:
    """One row per demo login that exists, then the patterns of the per-township and per-school logins."""
    users = User.objects.select_related("org_unit", "zone").in_bulk(LOGIN_USERNAMES, field_name="username")
    rows = [
        [ROLE_NAMES.get(user.role, user.role), name, DEMO_PASSWORD, _describe(user)]
        for name in LOGIN_USERNAMES
        if (user := users.get(name)) is not None
    ]
    patterns = (
        _pattern_row("其他中心校", "zx_", "zx_<乡镇代码>", "乡镇"),
        _pattern_row("各校填报员", "clerk_", "clerk_<学校标识码>", "学校"),
    )
    return rows + [row for row in patterns if row is not None]


def login_table() -> str:
    rows = login_rows()
    if not rows:
        return "数据库中没有演示账号（sysadmin 等）：用 edubureau adduser 创建用户。"
    lines = [
        "演示账号（初始密码相同，登录后请修改）：",
        format_table(("角色", "用户名", "密码", "说明"), rows),
    ]
    counties = Area.objects.filter(level=AreaLevel.COUNTY).count()
    if counties > 1:
        lines.append(f"共 {counties} 个县。三个管理员账号全市共用；从第 2 个县起，leader、jijiao、dudao、")
        lines.append("zhongxin、xiaozhang、tianbao 等账号在用户名后加县序号，如 leader2、dudao2。")
    return "\n".join(lines)


def school_lines() -> list[str]:
    rows = (
        School.objects.values_list("school_type")
        .annotate(total=Count("pk"))
        .values_list("school_type", "total")
    )
    by_type: dict[str, int] = dict(rows)

    def total(*types: str) -> int:
        return sum(by_type.get(code, 0) for code in types)

    closed = School.objects.exclude(status=SchoolStatus.OPEN).count()
    private = School.objects.filter(school_type__in=KINDERGARTEN_TYPES, ownership=Ownership.PRIVATE).count()
    return [
        f"学校 {sum(by_type.values())} 所（其中已撤并或停办 {closed} 所）：",
        f"  幼儿园 {total(*KINDERGARTEN_TYPES)}（民办 {private}）",
        f"  小学 {total(SchoolType.PRIMARY)}，教学点 {total(SchoolType.PRIMARY_TEACHING_POINT)}",
        f"  初中 {total(*JUNIOR_TYPES)}（九年一贯制 {total(SchoolType.NINE_YEAR)}）",
        f"  普通高中 {total(*SENIOR_TYPES)}（完全中学 {total(SchoolType.COMPLETE_SECONDARY)}）",
        f"  中等职业学校 {total(*VOCATIONAL_TYPES)}，特殊教育学校 {total(*SPECIAL_TYPES)}",
    ]


LEVELS = ("幼儿园", "小学", "初中", "普通高中", "中职", "特殊教育")


def level_of(school_type: str, grade: int | None) -> str:
    """The level (学段) a pupil is counted in: by school for vocational and special schools, else by
    their grade."""
    if school_type in VOCATIONAL_TYPES:
        return "中职"
    if school_type in SPECIAL_TYPES:
        return "特殊教育"
    if grade is None:
        return "幼儿园" if school_type in KINDERGARTEN_TYPES else "小学"
    return LEVELS[0 if grade <= 0 else 1 if grade <= 6 else 2 if grade <= 9 else 3]


def student_lines() -> list[str]:
    rows = (
        Student.objects.filter(status=StudentStatus.IN_SCHOOL)
        .values_list("school__school_type", "grade")
        .annotate(total=Count("pk"))
    )
    by_level = dict.fromkeys(LEVELS, 0)
    for school_type, grade, total in rows:
        by_level[level_of(school_type, grade)] += total
    statuses = dict(Student.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    levels = "，".join(f"{level} {total}" for level, total in by_level.items())
    return [
        f"学生：在读 {sum(by_level.values())} 人（{levels}）",
        "  学籍中另有：毕业 {}，转出 {}，辍学 {}，休学 {}，死亡 {}".format(
            *(
                statuses.get(status, 0)
                for status in (
                    StudentStatus.GRADUATED,
                    StudentStatus.TRANSFERRED_OUT,
                    StudentStatus.DROPPED_OUT,
                    StudentStatus.SUSPENDED,
                    StudentStatus.DECEASED,
                )
            )
        ),
    ]


def class_line() -> str:
    """This year's classes and how many are too large (大班额 56–65, 超大班额 66 and more)."""
    year = SchoolClass.objects.aggregate(year=Max("school_year"))["year"]
    sizes = list(
        SchoolClass.objects.filter(school_year=year)
        .annotate(n=Count("students", filter=Q(students__status=StudentStatus.IN_SCHOOL)))
        .values_list("n", flat=True)
    )
    large = sum(1 for size in sizes if 56 <= size <= 65)
    oversized = sum(1 for size in sizes if size >= 66)
    return (
        f"班级：{school_year_label(year)} {len(sizes)} 个（大班额 {large} 个，超大班额 {oversized} 个），"
        f"三个学年共 {SchoolClass.objects.count()} 个"
    )


def roster_lines() -> list[str]:
    """Pupils, classes, staff and 控辍保学, when the rosters are loaded."""
    if not SchoolClass.objects.exists():
        return []
    active = Teacher.objects.filter(is_active=True)
    teaching = active.filter(post=Post.FULL_TIME_TEACHER).count()
    open_cases = DropoutCase.objects.filter(closed_on__isnull=True).count()
    return [
        *student_lines(),
        class_line(),
        f"教职工：在职 {active.count()} 人（专任教师 {teaching}），另有退休、调出 "
        f"{Teacher.objects.filter(is_active=False).count()} 人",
        f"县内转学 {Transfer.objects.count()} 次；控辍保学 {DropoutCase.objects.count()} 件，"
        f"未结案 {open_cases} 件",
    ]


def summary() -> str:
    """The counts of what is in the database now."""
    levels = dict(Area.objects.values_list("level").annotate(total=Count("pk")).values_list("level", "total"))
    area_line = "行政区划：市 {}，县 {}，乡镇（街道）{}".format(
        *(levels.get(level, 0) for level in (AreaLevel.CITY, AreaLevel.COUNTY, AreaLevel.TOWNSHIP))
    )
    people_line = (
        f"组织机构 {OrgUnit.objects.count()} 个，督学责任区 {SupervisionZone.objects.count()} 个，"
        f"用户 {User.objects.count()} 个"
    )
    return "\n".join([area_line, *school_lines(), people_line, *roster_lines()])


def report() -> str:
    """Counts, the login table and the address to open."""
    return "\n\n".join([summary(), login_table(), f"访问 {SERVER_URL}"])
