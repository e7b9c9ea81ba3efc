from __future__ import annotations

import pytest
from django.urls import reverse

from edubureau.core.models import AuditAction, ChangeLog
from edubureau.registry.choices import SchoolStatus, SchoolType
from edubureau.registry.models import School, SchoolHistory
from tests import factories
from tests.factories import school_form_data


def _new_school_data(personas, **changes):
    template = School(
        code="2133009999",
        name="北关镇新建小学",
        school_type=SchoolType.PRIMARY,
        ownership="21",
        urban_rural="220",
        township=personas.county.north,
    )
    return school_form_data(template, **changes)


def test_section_staff_creates_a_school_with_its_county_and_audit_entry(personas, login):
    client = login(personas["section_staff"])
    response = client.post(reverse("registry:school_create"), _new_school_data(personas))
    school = School.objects.get(code="2133009999")
    assert response.status_code == 302
    assert school.county == personas.county.county
    entry = ChangeLog.objects.get(action=AuditAction.CREATE, object_pk=str(school.pk))
    assert entry.actor_name == "jijiao"
    assert entry.changes["name"] == [None, "北关镇新建小学"]
    assert SchoolHistory.objects.filter(school=school).count() == 1


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("213300999", "学校标识码"),  # 9 digits
        ("21330099999", "学校标识码"),  # 11 digits
        ("21330O9999", "学校标识码"),  # a letter O
    ],
)
def test_a_malformed_school_code_is_refused_naming_the_field_and_value(personas, login, code, message):
    client = login(personas["section_staff"])
    response = client.post(reverse("registry:school_create"), _new_school_data(personas, code=code))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page and code in page and "10位数字" in page
    assert not School.objects.filter(name="北关镇新建小学").exists()
    assert not ChangeLog.objects.filter(action=AuditAction.CREATE).exists()


def test_a_duplicate_school_code_is_refused_naming_the_other_school(personas, login):
    client = login(personas["section_staff"])
    response = client.post(reverse("registry:school_create"), _new_school_data(personas, code="2133000003"))
    page = response.content.decode()
    assert "学校标识码" in page and "2133000003" in page and "南河乡中心小学" in page
    assert School.objects.filter(code="2133000003").count() == 1
    assert not School.objects.filter(name="北关镇新建小学").exists()


def test_an_unknown_school_type_is_refused_naming_the_field_and_value(personas, login):
    client = login(personas["section_staff"])
    response = client.post(reverse("registry:school_create"), _new_school_data(personas, school_type="999"))
    page = response.content.decode()
    assert "办学类型" in page and "999" in page
    assert not School.objects.filter(name="北关镇新建小学").exists()


def test_a_merged_school_must_name_its_successor_and_date(personas, login):
    school = personas.county.school_c
    client = login(personas["section_staff"])
    data = school_form_data(school, status=SchoolStatus.MERGED)
    response = client.post(reverse("registry:school_edit", args=[school.pk]), data)
    page = response.content.decode()
    assert "并入学校" in page or "merged" in page.lower()
    school.refresh_from_db()
    assert school.status == SchoolStatus.OPEN


def test_editing_a_school_records_before_and_after_in_audit_log_and_history(personas, login):
    school = personas.county.school_a
    client = login(personas["section_staff"])
    response = client.post(
        reverse("registry:school_edit", args=[school.pk]),
        school_form_data(school, principal="王建国", name="北关镇第一小学"),
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302
    entry = ChangeLog.objects.get(action=AuditAction.UPDATE, object_pk=str(school.pk))
    assert entry.changes == {"name": ["北关镇中心小学", "北关镇第一小学"], "principal": ["", "王建国"]}
    assert entry.actor_name == "jijiao"
    assert entry.ip_address == "10.1.2.3"
    history = SchoolHistory.objects.filter(school=school).exclude(changes={}).get()
    assert history.changes == entry.changes
    assert history.changed_by == personas["section_staff"]


def test_saving_without_changes_records_nothing(personas, login):
    school = personas.county.school_a
    client = login(personas["section_staff"])
    client.post(reverse("registry:school_edit", args=[school.pk]), school_form_data(school))
    assert not ChangeLog.objects.filter(action=AuditAction.UPDATE).exists()


def test_a_school_clerk_can_only_change_the_self_service_fields(personas, login):
    school = personas.county.school_a
    client = login(personas["school_a_clerk"])
    data = school_form_data(school, principal="李校长", name="改名小学", code="2133000099")
    response = client.post(reverse("registry:school_edit", args=[school.pk]), data)
    school.refresh_from_db()
    assert response.status_code == 302
    assert (school.principal, school.name, school.code) == ("李校长", "北关镇中心小学", "2133000001")


def test_the_school_form_offers_only_townships_in_scope(personas, login):
    client = login(personas["section_staff"])
    form = client.get(reverse("registry:school_create")).context["form"]
    assert set(form.fields["township"].queryset) == {personas.county.north, personas.county.south}


def test_school_list_filters_by_type_township_and_search(personas, login):
    client = login(personas["leader"])
    url = reverse("registry:school_list")
    by_type = client.get(url, {"school_type": SchoolType.JUNIOR_HIGH}).context["page"]
    by_township = client.get(url, {"township": personas.county.south.pk}).context["page"]
    by_search = client.get(url, {"q": "教学点"}).context["page"]
    assert [s.name for s in by_type] == ["北关镇初级中学"]
    assert [s.name for s in by_township] == ["南河乡中心小学"]
    assert [s.name for s in by_search] == ["北关镇李庄教学点"]


def test_school_list_runs_a_constant_number_of_queries(personas, login, count_queries):
    client = login(personas["leader"])
    url = reverse("registry:school_list")
    few = count_queries(lambda: client.get(url))
    for number in range(40):
        factories.make_school(township=personas.county.south, name=f"南河乡第{number}小学")
    assert count_queries(lambda: client.get(url)) == few
    assert len(client.get(url).context["page"]) == 20


def test_area_list_runs_a_constant_number_of_queries(personas, login, count_queries):
    client = login(personas["leader"])
    url = reverse("registry:area_list")
    few = count_queries(lambda: client.get(url))
    for number in range(10):
        township = factories.make_township(personas.county.county, f"新镇{number}")
        factories.make_school(township=township)
    assert count_queries(lambda: client.get(url)) == few
    assert len(client.get(url).context["rows"]) == 13


def test_school_detail_shows_history_and_sites(personas, login):
    client = login(personas["leader"])
    response = client.get(reverse("registry:school_detail", args=[personas.county.school_a.pk]))
    assert "北关镇李庄教学点" in response.content.decode()


def test_school_export_keeps_codes_as_text_and_follows_filters(personas, login):
    import io

    from python_calamine import CalamineWorkbook

    client = login(personas["leader"])
    response = client.get(reverse("registry:school_export"), {"township": personas.county.south.pk})
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert rows[0][0] == "学校标识码"
    assert rows[1][:3] == ["2133000003", "南河乡中心小学", "211"]
    assert len(rows) == 2
    assert ChangeLog.objects.filter(action=AuditAction.EXPORT, actor_name="leader").count() == 1


def test_school_history_names_fields_by_their_labels(personas, login):
    school = personas.county.school_a
    client = login(personas["section_staff"])
    client.post(
        reverse("registry:school_edit", args=[school.pk]), school_form_data(school, principal="王建国")
    )
    page = client.get(reverse("registry:school_detail", args=[school.pk])).content.decode()
    assert "校长：（空） → 王建国" in page
    assert "<code>principal</code>" not in page
