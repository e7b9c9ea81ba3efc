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

__all__ = [
    "add_dropout_follow_up",
    "create_school",
    "enrol_student",
    "record_student_event",
    "register_dropout",
    "return_to_school",
    "save_area",
    "transfer_student",
    "update_school",
]
