"""Each pupil's own grade, from the class they are in (until now the only grade a pupil had).

One UPDATE with a correlated subquery, the same statement on SQLite and PostgreSQL. Pupils without a
class keep no grade: nothing says which one they are in. Pupils given a grade already are left alone.
"""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill_grades(apps, schema_editor):
    student = apps.get_model("registry", "Student")
    school_class = apps.get_model("registry", "SchoolClass")
    grade_of_class = school_class.objects.filter(pk=OuterRef("school_class_id")).values("grade")[:1]
    student.objects.filter(school_class__isnull=False, grade__isnull=True).update(grade=Subquery(grade_of_class))


def clear_grades(apps, schema_editor):
    apps.get_model("registry", "Student").objects.filter(grade__isnull=False).update(grade=None)


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_student_grade")]
    operations = [migrations.RunPython(fill_grades, clear_grades, elidable=True)]
