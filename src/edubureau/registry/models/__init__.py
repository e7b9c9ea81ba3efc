"""The registry's models, one module per aggregate: places (areas, schools), students, teachers."""

from edubureau.registry.models.places import Area, School, SchoolHistory, validate_school_code
from edubureau.registry.models.students import (
    DropoutCase,
    DropoutFollowUp,
    SchoolClass,
    Student,
    StudentEvent,
    Transfer,
)
from edubureau.registry.models.teachers import Subject, Teacher, TeacherEvent, TrainingRecord

__all__ = [
    "Area",
    "DropoutCase",
    "DropoutFollowUp",
    "School",
    "SchoolClass",
    "SchoolHistory",
    "Student",
    "StudentEvent",
    "Subject",
    "Teacher",
    "TeacherEvent",
    "TrainingRecord",
    "Transfer",
    "validate_school_code",
]
