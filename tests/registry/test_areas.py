from __future__ import annotations

from django.urls import reverse

from edubureau.core.models import AuditAction, ChangeLog
from edubureau.registry.models import Area


def test_section_staff_adds_a_township_to_the_tree(personas, login):
    client = login(personas["section_staff"])
    data = {"code": "330101099", "name": "东岭镇", "level": "township", "parent": personas.county.county.pk}
    assert client.post(reverse("registry:area_create"), data).status_code == 302
    area = Area.objects.get(code="330101099")
    assert ChangeLog.objects.filter(action=AuditAction.CREATE, object_pk=str(area.pk)).exists()
    rows = client.get(reverse("registry:area_list")).context["rows"]
    assert [(row.area.name, row.depth) for row in rows][0] == ("示范县", 0)
    assert ("东岭镇", 1) in [(row.area.name, row.depth) for row in rows]


def test_a_bad_area_code_is_refused_naming_the_field(personas, login):
    client = login(personas["section_staff"])
    data = {"code": "33010", "name": "东岭镇", "level": "township", "parent": personas.county.county.pk}
    response = client.post(reverse("registry:area_create"), data)
    assert "code" in response.context["form"].errors
    assert not Area.objects.filter(name="东岭镇").exists()


def test_renaming_a_township_records_before_and_after(personas, login):
    north = personas.county.north
    client = login(personas["system_admin"])
    data = {"code": north.code, "name": "北关街道", "level": "township", "parent": personas.county.county.pk}
    assert client.post(reverse("registry:area_edit", args=[north.pk]), data).status_code == 302
    entry = ChangeLog.objects.get(action=AuditAction.UPDATE, object_pk=str(north.pk))
    assert entry.changes == {"name": ["北关镇", "北关街道"]}


def test_a_township_school_sees_its_township_and_the_county_only(personas, login):
    rows = login(personas["township_school"]).get(reverse("registry:area_list")).context["rows"]
    assert [row.area.name for row in rows] == ["示范县", "北关镇"]
