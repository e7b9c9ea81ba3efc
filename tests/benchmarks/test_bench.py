"""The benchmark command itself: it runs, prints its figures and leaves the database as it found it.
(Speed targets are read from its output, never asserted in tests.)"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from edubureau.demo.builder import load_demo
from edubureau.registry.models import SchoolClass, Student


@pytest.mark.django_db(transaction=True)
def test_bench_import_prints_its_figures_and_removes_its_rows():
    load_demo(seed=2026, scale=1, roster_fraction=0)
    classes_before = SchoolClass.objects.count()
    out = io.StringIO()

    call_command("bench", "import", "--rows", "300", stdout=out)

    report = out.getvalue()
    assert "导入结果：新增 300，修改 0，错误 0" in report
    assert report.count("行/秒") == 3
    assert "django-import-export" in report and "峰值内存" in report
    assert "本机速度参考" in report
    assert Student.objects.count() == 0
    assert SchoolClass.objects.count() == classes_before
