"""Code lists for students and teachers (学籍, 师资)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Sex(models.TextChoices):
    """GB/T 2261.1."""

    MALE = "1", _("Male")
    FEMALE = "2", _("Female")


class Grade(models.IntegerChoices):
    KINDERGARTEN_SMALL = -2, _("Kindergarten small class")
    KINDERGARTEN_MIDDLE = -1, _("Kindergarten middle class")
    KINDERGARTEN_LARGE = 0, _("Kindergarten large class")
    GRADE_1 = 1, _("Grade 1")
    GRADE_2 = 2, _("Grade 2")
    GRADE_3 = 3, _("Grade 3")
    GRADE_4 = 4, _("Grade 4")
    GRADE_5 = 5, _("Grade 5")
    GRADE_6 = 6, _("Grade 6")
    GRADE_7 = 7, _("Grade 7")
    GRADE_8 = 8, _("Grade 8")
    GRADE_9 = 9, _("Grade 9")
    GRADE_10 = 10, _("Grade 10")
    GRADE_11 = 11, _("Grade 11")
    GRADE_12 = 12, _("Grade 12")


class ClassType(models.TextChoices):
    REGULAR = "regular", _("Regular class")
    MULTI_GRADE = "multi_grade", _("Multi-grade class")
    SPECIAL = "special", _("Special education class")
    BOARDING = "boarding", _("Boarding class")


# The classes that may hold pupils of several grades: a 复式班, and a special-education class (formed
# by the pupils' needs; the special schools put two grades in one). Each is recorded under its lowest
# grade and holds the grades above it of the same stage.
MIXED_GRADE_CLASS_TYPES = frozenset({ClassType.MULTI_GRADE, ClassType.SPECIAL})


class Household(models.TextChoices):
    """户籍: whether the pupil's household registration is in this county."""

    LOCAL = "local", _("This county")
    OTHER = "other", _("Another county")


class StudentStatus(models.TextChoices):
    IN_SCHOOL = "in_school", _("In school")
    SUSPENDED = "suspended", _("Suspended from study")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")
    DROPPED_OUT = "dropped_out", _("Dropped out")
    GRADUATED = "graduated", _("Graduated")
    DECEASED = "deceased", _("Deceased")


class StudentEventKind(models.TextChoices):
    ENROL = "enrol", _("Enrolment")
    TRANSFER_IN = "transfer_in", _("Transfer in")
    TRANSFER_OUT = "transfer_out", _("Transfer out")
    SUSPEND = "suspend", _("Suspension of study")
    RESUME = "resume", _("Resumption of study")
    DROP_OUT = "drop_out", _("Dropout")
    RETURN = "return", _("Persuaded back to school")
    GRADUATE = "graduate", _("Graduation")
    DEATH = "death", _("Death")


# The status each event leaves the pupil in.
STATUS_AFTER_EVENT: dict[str, str] = {
    StudentEventKind.ENROL: StudentStatus.IN_SCHOOL,
    StudentEventKind.TRANSFER_IN: StudentStatus.IN_SCHOOL,
    StudentEventKind.TRANSFER_OUT: StudentStatus.TRANSFERRED_OUT,
    StudentEventKind.SUSPEND: StudentStatus.SUSPENDED,
    StudentEventKind.RESUME: StudentStatus.IN_SCHOOL,
    StudentEventKind.DROP_OUT: StudentStatus.DROPPED_OUT,
    StudentEventKind.RETURN: StudentStatus.IN_SCHOOL,
    StudentEventKind.GRADUATE: StudentStatus.GRADUATED,
    StudentEventKind.DEATH: StudentStatus.DECEASED,
}


class DisabilityType(models.TextChoices):
    NONE = "", _("None")
    VISUAL = "visual", _("Visual")
    HEARING = "hearing", _("Hearing")
    SPEECH = "speech", _("Speech")
    PHYSICAL = "physical", _("Physical")
    INTELLECTUAL = "intellectual", _("Intellectual")
    MENTAL = "mental", _("Mental")
    MULTIPLE = "multiple", _("Multiple")


class DisabilityPlacement(models.TextChoices):
    NONE = "", _("None")
    MAINSTREAM = "mainstream", _("Learning in a regular class")
    HOME_TEACHING = "home_teaching", _("Teaching sent to the home")
    SPECIAL_SCHOOL = "special_school", _("Special education school")


class FollowUpKind(models.TextChoices):
    HOME_VISIT = "home_visit", _("Home visit")
    PERSUASION = "persuasion", _("Persuasion to return")
    HOME_TEACHING = "home_teaching", _("Teaching sent to the home")
    OTHER = "other", _("Other")


class DropoutOutcome(models.TextChoices):
    OPEN = "", _("Still out of school")
    RETURNED = "returned", _("Returned to school")
    HOME_TEACHING = "home_teaching", _("Taught at home")
    MOVED_AWAY = "moved_away", _("Moved away")


class Staffing(models.TextChoices):
    ESTABLISHED = "established", _("Established post")
    NON_ESTABLISHED = "non_established", _("Non-established post")


class Post(models.TextChoices):
    FULL_TIME_TEACHER = "teacher", _("Full-time teacher")
    ADMINISTRATION = "administration", _("Administration")
    TEACHING_SUPPORT = "support", _("Teaching support")
    WORKER = "worker", _("Worker")


class Degree(models.TextChoices):
    POSTGRADUATE = "postgraduate", _("Postgraduate")
    BACHELOR = "bachelor", _("Bachelor")
    JUNIOR_COLLEGE = "junior_college", _("Junior college")
    SENIOR_SECONDARY = "senior_secondary", _("Senior secondary")
    OTHER = "other", _("Other")


class Title(models.TextChoices):
    FULL_SENIOR = "full_senior", _("Full senior")
    SENIOR = "senior", _("Senior")
    FIRST = "first", _("First grade")
    SECOND = "second", _("Second grade")
    THIRD = "third", _("Third grade")
    NONE = "none", _("Unrated")


class Stage(models.TextChoices):
    PRESCHOOL = "preschool", _("Preschool")
    PRIMARY = "primary", _("Primary")
    JUNIOR = "junior", _("Junior secondary")
    SENIOR = "senior", _("Senior secondary")
    VOCATIONAL = "vocational", _("Vocational")
    SPECIAL = "special", _("Special education")


def stage_of_grade(grade: int) -> str:
    """The stage (学段) of a grade: preschool below grade 1, primary 1–6, junior 7–9, senior 10–12."""
    if grade <= Grade.KINDERGARTEN_LARGE:
        return Stage.PRESCHOOL
    if grade <= Grade.GRADE_6:
        return Stage.PRIMARY
    return Stage.JUNIOR if grade <= Grade.GRADE_9 else Stage.SENIOR


class BackboneLevel(models.TextChoices):
    NONE = "", _("None")
    COUNTY = "county", _("County level")
    CITY = "city", _("City level")
    PROVINCE = "province", _("Province level")


class TeacherEventKind(models.TextChoices):
    # A bureau says 调入/调出 of a teacher, a school 转入/转出 of a pupil: the same English words, so the
    # teacher's labels carry their own context to be translated apart from the pupil's.
    TRANSFER_IN = "transfer_in", pgettext_lazy("teacher event", "Transfer in")
    TRANSFER_OUT = "transfer_out", pgettext_lazy("teacher event", "Transfer out")
    EXCHANGE = "exchange", _("Exchange rotation")
    RETIREMENT = "retirement", _("Retirement")
