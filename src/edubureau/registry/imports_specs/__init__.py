"""The registry's Excel import/export specs, one module per entity; importing this package (as
`ImportsConfig.ready` does through autodiscovery) registers them all."""

from edubureau.registry.imports_specs import classes, students, teachers
from edubureau.registry.imports_specs.schools import SCHOOLS

__all__ = ["SCHOOLS", "classes", "students", "teachers"]
