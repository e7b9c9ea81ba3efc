"""What `edubureau demo` prints: the counts in the database and the demo logins, in Chinese."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from django.db.models import Count

from edubureau.accounts.models import OrgUnit, SupervisionZone, User
from edubureau.core.roles import Role
from edubureau.demo.people import DEMO_PASSWORD
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
from edubureau.registry.models import Area, School

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
    return "\n".join([area_line, *school_lines(), people_line])


def report() -> str:
    """Counts, the login table and the address to open."""
    return "\n\n".join([summary(), login_table(), f"访问 {SERVER_URL}"])
