"""The national curriculum subjects a teacher may teach (任教学科)."""

from django.db import migrations

SUBJECTS = [
    ("chinese", "语文", False), ("mathematics", "数学", False), ("english", "英语", False),
    ("morality_law", "道德与法治", False), ("politics", "思想政治", False), ("history", "历史", False),
    ("geography", "地理", False), ("physics", "物理", False), ("chemistry", "化学", False),
    ("biology", "生物", False), ("science", "科学", False), ("it", "信息科技", False),
    ("pe", "体育与健康", True), ("music", "音乐", True), ("art", "美术", True),
    ("labour", "劳动", False), ("practice", "综合实践活动", False),
    ("mental_health", "心理健康", False), ("preschool", "学前教育", False), ("special", "特殊教育", False),
    ("vocational", "专业课", False), ("other", "其他", False),
]


def add_subjects(apps, schema_editor):
    subject = apps.get_model("registry", "Subject")
    subject.objects.bulk_create(
        [subject(code=code, name=name, is_sport_or_art=flag) for code, name, flag in SUBJECTS], ignore_conflicts=True
    )


def remove_subjects(apps, schema_editor):
    apps.get_model("registry", "Subject").objects.filter(code__in=[code for code, _name, _flag in SUBJECTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_students_classes_teachers")]
    operations = [migrations.RunPython(add_subjects, remove_subjects)]
