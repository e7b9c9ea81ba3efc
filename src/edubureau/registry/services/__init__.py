"""Every write to the registry, one module per aggregate."""

from edubureau.registry.services.schools import create_school, save_area, update_school
from edubureau.registry.services.students import (
    add_dropout_follow_up,
    enrol_student,
    record_student_event,
    register_dropout,
    return_to_school,
    transfer_student,
)
from edubureau.registry.services.teachers import (
    record_exchange,
    record_teacher_leaving,
    retire_teacher,
    transfer_teacher,
)

__all__ = [
    "add_dropout_follow_up",
    "create_school",
    "enrol_student",
    "record_exchange",
    "record_student_event",
    "record_teacher_leaving",
    "register_dropout",
    "retire_teacher",
    "return_to_school",
    "save_area",
    "transfer_student",
    "transfer_teacher",
    "update_school",
]
